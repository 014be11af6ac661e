namespace K8sAiops.Durable;

/// <summary>The name of an orchestrator or activity; compared case-insensitively, as Durable Task does.</summary>
public readonly record struct TaskName(string Name)
{
    public static implicit operator TaskName(string name) => new(name);

    public static TaskName FromString(string name) => new(name);

    public bool Equals(TaskName other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name ?? string.Empty);

    public override string ToString() => Name;
}
