namespace K8sAiops.Sandbox.Server.Tables;

/// <summary>A <c>columnDefinitions</c> entry of a meta.k8s.io Table; kubectl shows priority 0 columns, and all with <c>-o wide</c>.</summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn NameColumn { get; } = new(
        "Name", "string", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.",
        Format: "name");

    public static TableColumn AgeColumn { get; } = new(
        "Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.");
}
