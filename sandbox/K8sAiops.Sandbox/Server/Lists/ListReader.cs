using System.Globalization;
using K8sAiops.Sandbox.Server.Errors;
using K8sAiops.Sandbox.Server.Selectors;
using K8sAiops.Sandbox.Server.Store;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Server.Lists;

/// <summary>The options of a list request, as query parameters name them.</summary>
internal sealed record ListOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    long? Limit = null,
    string? Continue = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null);

/// <summary>
/// Reads one page of a list: selects by namespace, labels and fields, pages with <c>limit</c>/<c>continue</c> through the
/// state the first page was read at, and honours <c>resourceVersion</c>/<c>resourceVersionMatch</c> like the API server.
/// </summary>
internal static class ListReader
{
    public static ListPage Read(ObjectStore store, ResourceKind kind, string? @namespace, ListOptions options)
    {
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(options.LabelSelector);
            fields = FieldSelector.Parse(options.FieldSelector);
            SelectableFields.Validate(kind, fields);
        }
        catch (SelectorException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        if (options.Limit is < 0)
        {
            throw ApiErrors.BadRequest("limit must not be negative");
        }

        var (state, after) = Start(store, options);
        var unfiltered = labels.IsEmpty && fields.IsEmpty;
        var items = new List<StoredObject>();
        var limit = options.Limit is > 0 ? options.Limit.Value : long.MaxValue;
        StoredObject? last = null;
        var more = false;
        long remaining = 0;
        foreach (var candidate in state.List(kind, @namespace))
        {
            if (after is { } start && candidate.Key <= start)
            {
                continue;
            }

            if (!labels.Matches(candidate.Labels) || !SelectableFields.Matches(kind, fields, candidate.Json))
            {
                continue;
            }

            if (items.Count < limit)
            {
                items.Add(candidate);
                last = candidate;
                continue;
            }

            more = true;
            if (!unfiltered)
            {
                break;
            }

            remaining++;
        }

        return more
            ? new ListPage(items, state.Revision, new ContinueToken(state.Revision, last!.Key).Encode(), unfiltered ? remaining : null)
            : new ListPage(items, state.Revision, null, null);
    }

    private static (StoreState State, ObjectKey? After) Start(ObjectStore store, ListOptions options)
    {
        var current = store.Current;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            if (!string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0")
            {
                throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
            }

            var token = ContinueToken.Decode(options.Continue);
            if (token.ResourceVersion < 0)
            {
                return (current, token.After);
            }

            var state = store.At(token.ResourceVersion, out _)
                ?? throw ApiErrors.ContinueExpired(new ContinueToken(-1, token.After).Encode());
            return (state, token.After);
        }

        if (string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0")
        {
            if (options.ResourceVersionMatch == "Exact")
            {
                throw ApiErrors.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"\" or \"0\"");
            }

            return (current, null);
        }

        if (!long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var requested))
        {
            throw ApiErrors.BadRequest($"invalid resource version \"{options.ResourceVersion}\"");
        }

        if (requested > current.Revision)
        {
            throw ApiErrors.ResourceVersionTooLarge(requested, current.Revision);
        }

        if (options.ResourceVersionMatch == "Exact")
        {
            var exact = store.At(requested, out var oldest) ?? throw ApiErrors.ResourceVersionTooOld(requested, oldest);
            return (exact, null);
        }

        return (current, null);
    }
}
