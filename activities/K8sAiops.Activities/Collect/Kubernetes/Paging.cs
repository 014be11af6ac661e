using k8s.Models;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>Reads a list in pages with <c>limit</c>/<c>continue</c>, as kubectl does, up to a page budget.</summary>
internal static class Paging
{
    /// <summary>
    /// Calls <paramref name="page"/> with each continue token until the server has no more, or until
    /// <paramref name="maxPages"/> pages were read (then <c>Complete</c> is false).
    /// </summary>
    public static async Task<(List<TItem> Items, bool Complete)> ListAllAsync<TList, TItem>(
        Func<string?, Task<TList>> page, int maxPages)
        where TList : IItems<TItem>, IMetadata<V1ListMeta>
    {
        var items = new List<TItem>();
        string? token = null;
        for (var pages = 0; pages < maxPages; pages++)
        {
            var list = await page(token);
            items.AddRange(list.Items);
            token = list.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(token))
                return (items, true);
        }
        return (items, false);
    }
}
