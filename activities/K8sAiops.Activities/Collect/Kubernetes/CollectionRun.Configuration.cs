using k8s;
using k8s.Models;
using K8sAiops.Activities.Collect.Evidence;

namespace K8sAiops.Activities.Collect.Kubernetes;

internal sealed partial class CollectionRun
{
    /// <summary>One reference from a pod to a ConfigMap or Secret (and maybe a key of it).</summary>
    private sealed record ConfigReference(string Kind, string Name, string? Key, bool Optional, string Where);

    /// <summary>
    /// The ConfigMaps and Secrets a pod references (env, envFrom, volumes, projected volumes, image pull secrets):
    /// whether each exists and has the keys asked for. Secrets come with key names only.
    /// </summary>
    private Task ConfigurationAsync(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var references = ReferencesOf(pod).GroupBy(r => (r.Kind, r.Name));
        return Task.WhenAll(references.Select(group => Safely($"{group.Key.Kind.ToLowerInvariant()}/{ns}/{group.Key.Name}", group.Key.Kind, async () =>
        {
            var (kind, name) = group.Key;
            await Once($"{kind}/{ns}/{name}", () => ReadConfigAsync(kind, ns, name));
            var keys = KeysOf(kind, ns, name);
            var podName = $"pod {pod.Metadata.Name}";
            if (keys is null)
            {
                if (group.All(r => r.Optional))
                    return;
                var where = string.Join(", ", group.Select(r => r.Where).Distinct(StringComparer.Ordinal));
                Bundle.AddNote($"{kind.ToLowerInvariant()}/{ns}/{name}", $"{kind} {ns}/{name} referenced by {podName} ({where}) does not exist", NoteSeverity.Error);
                return;
            }
            foreach (var missing in group.Where(r => r.Key is not null && !r.Optional && !keys.Contains(r.Key)))
            {
                Bundle.AddNote($"{kind.ToLowerInvariant()}/{ns}/{name}",
                    $"{kind} {ns}/{name} has no key \"{missing.Key}\" referenced by {podName} ({missing.Where})", NoteSeverity.Error);
            }
        })));
    }

    private readonly Dictionary<string, HashSet<string>?> _configKeys = new(StringComparer.Ordinal);

    /// <summary>The keys of a ConfigMap or Secret read by <see cref="ReadConfigAsync"/>; null when it does not exist.</summary>
    private HashSet<string>? KeysOf(string kind, string ns, string name)
    {
        lock (_configKeys)
            return _configKeys.GetValueOrDefault($"{kind}/{ns}/{name}");
    }

    private async Task ReadConfigAsync(string kind, string ns, string name)
    {
        HashSet<string>? keys = null;
        if (kind == "ConfigMap")
        {
            var map = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellation));
            if (map is not null)
            {
                AddObject("ConfigMap", map, EvidenceRole.Configuration);
                keys = [.. (map.Data?.Keys ?? []).Concat(map.BinaryData?.Keys ?? [])];
            }
        }
        else
        {
            var secret = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellation));
            if (secret is not null)
            {
                AddObject("Secret", secret, EvidenceRole.Configuration);
                keys = [.. (secret.Data?.Keys ?? []).Concat(secret.StringData?.Keys ?? [])];
            }
        }
        lock (_configKeys)
            _configKeys[$"{kind}/{ns}/{name}"] = keys;
    }

    private static IEnumerable<ConfigReference> ReferencesOf(V1Pod pod)
    {
        var spec = pod.Spec;
        if (spec is null)
            yield break;
        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
        {
            foreach (var variable in container.Env ?? [])
            {
                if (variable.ValueFrom?.ConfigMapKeyRef is { } cm)
                    yield return new("ConfigMap", cm.Name, cm.Key, cm.Optional == true, $"env {variable.Name} of container {container.Name}");
                if (variable.ValueFrom?.SecretKeyRef is { } s)
                    yield return new("Secret", s.Name, s.Key, s.Optional == true, $"env {variable.Name} of container {container.Name}");
            }
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } cm)
                    yield return new("ConfigMap", cm.Name, null, cm.Optional == true, $"envFrom of container {container.Name}");
                if (source.SecretRef is { } s)
                    yield return new("Secret", s.Name, null, s.Optional == true, $"envFrom of container {container.Name}");
            }
        }
        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.ConfigMap is { } cm)
            {
                foreach (var item in cm.Items ?? [])
                    yield return new("ConfigMap", cm.Name, item.Key, cm.Optional == true, $"volume {volume.Name}");
                yield return new("ConfigMap", cm.Name, null, cm.Optional == true, $"volume {volume.Name}");
            }
            if (volume.Secret is { } s)
            {
                foreach (var item in s.Items ?? [])
                    yield return new("Secret", s.SecretName, item.Key, s.Optional == true, $"volume {volume.Name}");
                yield return new("Secret", s.SecretName, null, s.Optional == true, $"volume {volume.Name}");
            }
            foreach (var projection in volume.Projected?.Sources ?? [])
            {
                if (projection.ConfigMap is { } pcm)
                    yield return new("ConfigMap", pcm.Name, null, pcm.Optional == true, $"projected volume {volume.Name}");
                if (projection.Secret is { } ps)
                    yield return new("Secret", ps.Name, null, ps.Optional == true, $"projected volume {volume.Name}");
            }
        }
        foreach (var pull in spec.ImagePullSecrets ?? [])
            yield return new("Secret", pull.Name, null, false, "imagePullSecrets");
    }
}
