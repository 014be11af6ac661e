using System.Globalization;
using System.Text.Json;

namespace K8sAiops.Sandbox.Server.Errors;

/// <summary>
/// One validation failure, worded like the API server's <c>field.Error</c>:
/// <c>spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>.
/// </summary>
internal sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    public static FieldError Required(string field, string detail) => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    /// <summary>The cause type in a Status, e.g. <c>FieldValueInvalid</c>.</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message without the field: <c>Invalid value: -1: must be greater than or equal to 0</c>.</summary>
    public string Body
    {
        get
        {
            var body = Type switch
            {
                FieldErrorType.Required => "Required value",
                FieldErrorType.Forbidden => "Forbidden",
                _ => "Invalid value: " + FormatValue(BadValue),
            };
            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    public override string ToString() => Field + ": " + Body;

    private static string FormatValue(object? value) => value switch
    {
        null => "\"null\"",
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>The kinds of <see cref="FieldError"/> the sandbox reports.</summary>
internal enum FieldErrorType
{
    Invalid,
    Required,
    Forbidden,
}
