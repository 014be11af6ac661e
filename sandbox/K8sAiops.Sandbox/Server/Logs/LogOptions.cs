using System.Globalization;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Http;
using Microsoft.AspNetCore.Http;

namespace K8sAiops.Sandbox.Server.Logs;

/// <summary>The query of <c>GET …/pods/{name}/log</c> (the API's <c>PodLogOptions</c>).</summary>
internal sealed record LogOptions(
    string? Container,
    bool Previous,
    long? TailLines,
    long? SinceSeconds,
    DateTimeOffset? SinceTime,
    bool Timestamps,
    long? LimitBytes)
{
    public static LogOptions From(IQueryCollection query, string pod)
    {
        DateTimeOffset? sinceTime = null;
        if (query.Text("sinceTime") is { Length: > 0 } text)
        {
            sinceTime = LogLine.TryParseTimestamp(text, out var parsed)
                ? parsed
                : throw ApiErrors.BadRequest($"parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as \"2006\"");
        }

        var options = new LogOptions(
            query.Text("container") is { Length: > 0 } c ? c : null,
            query.Flag("previous"),
            query.Integer("tailLines"),
            query.Integer("sinceSeconds"),
            sinceTime,
            query.Flag("timestamps"),
            query.Integer("limitBytes"));
        options.Validate(pod);
        return options;
    }

    private void Validate(string pod)
    {
        var errors = new List<FieldError>();
        if (TailLines is < 0)
        {
            errors.Add(FieldError.Invalid("tailLines", TailLines.Value, "must be greater than or equal to 0"));
        }

        if (SinceSeconds is < 1)
        {
            errors.Add(FieldError.Invalid("sinceSeconds", SinceSeconds.Value, "must be greater than 0"));
        }

        if (LimitBytes is < 1)
        {
            errors.Add(FieldError.Invalid("limitBytes", LimitBytes.Value, "must be greater than 0"));
        }

        if (SinceSeconds is not null && SinceTime is not null)
        {
            errors.Add(FieldError.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid("PodLogOptions", "", pod, errors);
        }
    }
}
