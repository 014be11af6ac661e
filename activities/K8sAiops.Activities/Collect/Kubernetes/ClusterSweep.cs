using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace K8sAiops.Activities.Collect.Kubernetes;

/// <summary>
/// Reads every object of a kind in the cluster (or one namespace) a page at a time with <c>limit</c>/<c>continue</c>,
/// so a sweep of a large cluster holds one page in memory and never asks the API server for everything at once.
/// </summary>
public static class ClusterSweep
{
    /// <summary>
    /// Every pod of <paramref name="ns"/> (every namespace when null), in the API server's order, one page of
    /// <paramref name="pageSize"/> per request. <paramref name="onPage"/> is told each page's size as it arrives.
    /// </summary>
    public static async IAsyncEnumerable<V1Pod> PodsAsync(
        IKubernetes client, string? ns, int pageSize = 500, Action<int>? onPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? token = null;
        do
        {
            var page = ns is null
                ? await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: token, limit: pageSize, cancellationToken: cancellationToken)
                : await client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: token, limit: pageSize, cancellationToken: cancellationToken);
            onPage?.Invoke(page.Items.Count);
            foreach (var pod in page.Items)
                yield return pod;
            token = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));
    }
}
