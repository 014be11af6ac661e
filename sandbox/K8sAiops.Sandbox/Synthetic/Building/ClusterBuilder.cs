using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using K8sAiops.Sandbox.Snapshots;

namespace K8sAiops.Sandbox.Synthetic.Building;

/// <summary>
/// Adds objects to a snapshot the way a cluster would have made them: unique deterministic uids, increasing
/// resourceVersions, pod IPs from each node's podCIDR, free cluster IPs, and names that do not collide.
/// The generator starts from an empty snapshot; fault injection attaches to an existing one.
/// </summary>
internal sealed class ClusterBuilder
{
    /// <summary>The alphabet Kubernetes uses for generated name suffixes and pod-template hashes (no vowels, no 0/1/3).</summary>
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly string salt;
    private readonly HashSet<string> identities = new(StringComparer.Ordinal);
    private readonly HashSet<string> podIps = new(StringComparer.Ordinal);
    private readonly HashSet<string> clusterIps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> nextHostByNode = new(StringComparer.Ordinal);
    private readonly List<JsonObject> nodes = [];
    private long resourceVersion = 1000;
    private long eventCounter;
    private int overflowHost = 2;

    private ClusterBuilder(ClusterSnapshot snapshot, DateTimeOffset now, Random random, string salt)
    {
        Snapshot = snapshot;
        Now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Random = random;
        this.salt = salt;
        foreach (var obj in snapshot.Objects)
        {
            Remember(obj);
        }
    }

    public ClusterSnapshot Snapshot { get; }

    /// <summary>The moment the snapshot shows, to the second; every timestamp is relative to it.</summary>
    public DateTimeOffset Now { get; }

    public Random Random { get; }

    /// <summary>A builder for a new, empty snapshot.</summary>
    public static ClusterBuilder New(DateTimeOffset now, int seed) =>
        new(new ClusterSnapshot { Source = $"synthetic (seed {seed})" }, now, new Random(seed), $"seed-{seed}");

    /// <summary>A builder that adds to <paramref name="snapshot"/>, seeded from <paramref name="salt"/> so that the same additions give the same result.</summary>
    public static ClusterBuilder Attach(ClusterSnapshot snapshot, DateTimeOffset now, string salt) =>
        new(snapshot, now, new Random(StableHash(salt + "|" + snapshot.Objects.Count.ToString(CultureInfo.InvariantCulture))), salt);

    /// <summary>Adds <paramref name="obj"/> to the snapshot, giving it a uid and resourceVersion when it has none.</summary>
    public JsonObject Add(JsonObject obj)
    {
        var metadata = K8sJson.Metadata(obj);
        metadata["uid"] ??= Uid(K8sJson.Kind(obj), K8sJson.Namespace(obj), K8sJson.Name(obj));
        metadata["resourceVersion"] ??= NextResourceVersion();
        if (!identities.Add(Identity(K8sJson.Kind(obj), K8sJson.Namespace(obj), K8sJson.Name(obj))))
        {
            throw new InvalidOperationException($"The snapshot already holds {K8sJson.Kind(obj)} {K8sJson.Namespace(obj)}/{K8sJson.Name(obj)}.");
        }

        Remember(obj);
        Snapshot.Objects.Add(obj);
        return obj;
    }

    /// <summary>Metadata for a new object: name, namespace, uid, resourceVersion, creationTimestamp, then the optional parts.</summary>
    public JsonObject Metadata(ResourceKind kind, string? ns, string name, DateTimeOffset created,
        JsonObject? labels = null, JsonObject? annotations = null, JsonObject? owner = null, long? generation = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (kind.Namespaced)
        {
            metadata["namespace"] = ns;
        }

        metadata["uid"] = Uid(kind.Kind, ns, name);
        metadata["resourceVersion"] = NextResourceVersion();
        if (generation is { } g)
        {
            metadata["generation"] = g;
        }

        metadata["creationTimestamp"] = K8sJson.Time(created);
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }

        if (owner is not null)
        {
            metadata["ownerReferences"] = new JsonArray(K8sJson.OwnerReference(owner));
        }

        return metadata;
    }

    public string NextResourceVersion() => (++resourceVersion).ToString(CultureInfo.InvariantCulture);

    /// <summary>A uid in the UUID v4 shape, derived from the object's identity so that it is unique and repeatable.</summary>
    public string Uid(string kind, string? ns, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}|{kind}|{ns}|{name}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash[..16]);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>A hex digest of <paramref name="text"/>, for container IDs and image digests.</summary>
    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A random suffix from Kubernetes' name alphabet (5 characters for pods, about 10 for pod-template hashes).</summary>
    public string Suffix(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = SuffixAlphabet[Random.Next(SuffixAlphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>A unique event name: the involved object's name and a hex timestamp, as the event recorder makes them.</summary>
    public string EventName(string involvedName, DateTimeOffset first) =>
        $"{involvedName}.{(first.ToUnixTimeMilliseconds() * 1_000_000) + (++eventCounter * 7919):x}";

    public bool Exists(ResourceKind kind, string? ns, string name) => identities.Contains(Identity(kind.Kind, ns ?? "", name));

    /// <summary><paramref name="preferred"/> when free for <paramref name="kind"/> in <paramref name="ns"/>, else the first free <c>preferred-2</c>, <c>-3</c>...</summary>
    public string FreeName(ResourceKind kind, string? ns, string preferred)
    {
        var name = preferred;
        for (var i = 2; Exists(kind, ns, name); i++)
        {
            name = $"{preferred}-{i}";
        }

        return name;
    }

    public IEnumerable<JsonObject> Objects(ResourceKind kind, string? ns = null) =>
        Snapshot.Objects.Where(o => K8sJson.Kind(o) == kind.Kind && (ns is null || K8sJson.Namespace(o) == ns));

    public JsonObject? Find(ResourceKind kind, string? ns, string name) =>
        Objects(kind, kind.Namespaced ? ns : null).FirstOrDefault(o => K8sJson.Name(o) == name);

    /// <summary>Nodes a new pod could land on: Ready, not cordoned, without NoSchedule or NoExecute taints.</summary>
    public IReadOnlyList<JsonObject> SchedulableNodes() => nodes.Where(Nodes.IsSchedulable).ToList();

    /// <summary>A schedulable node picked at random, other than <paramref name="avoid"/> when there is another.</summary>
    /// <exception cref="InvalidOperationException">No node can take a new pod.</exception>
    public JsonObject PickNode(JsonObject? avoid = null)
    {
        var candidates = SchedulableNodes();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("The snapshot has no schedulable node (Ready, untainted) to run a new pod on.");
        }

        var others = candidates.Where(n => n != avoid).ToList();
        var pool = others.Count > 0 ? others : candidates;
        return pool[Random.Next(pool.Count)];
    }

    /// <summary>All nodes, in the order they were added.</summary>
    public IReadOnlyList<JsonObject> AllNodes => nodes;

    /// <summary>An IP from the node's podCIDR (or an overflow range once it is used up), never one a pod already has.</summary>
    public string PodIp(JsonObject node)
    {
        var nodeName = K8sJson.Name(node);
        var cidr = K8sJson.Text(node, "spec", "podCIDR");
        if (cidr is not null && cidr.EndsWith(".0/24", StringComparison.Ordinal))
        {
            var prefix = cidr[..^"0/24".Length];
            var host = nextHostByNode.GetValueOrDefault(nodeName, 2);
            for (; host < 255; host++)
            {
                var ip = prefix + host.ToString(CultureInfo.InvariantCulture);
                if (podIps.Add(ip))
                {
                    nextHostByNode[nodeName] = host + 1;
                    return ip;
                }
            }

            nextHostByNode[nodeName] = 255;
        }

        while (true)
        {
            var n = overflowHost++;
            var ip = $"10.{128 + (n >> 16)}.{(n >> 8) & 0xFF}.{n & 0xFF}";
            if ((n & 0xFF) is not (0 or 255) && podIps.Add(ip))
            {
                return ip;
            }
        }
    }

    /// <summary>A free ClusterIP in 10.96.0.0/16, picked at random as the API server does.</summary>
    public string ClusterIp()
    {
        while (true)
        {
            var ip = $"10.96.{Random.Next(1, 255)}.{Random.Next(1, 255)}";
            if (clusterIps.Add(ip))
            {
                return ip;
            }
        }
    }

    /// <summary>Reserves a specific ClusterIP (e.g. kube-dns's 10.96.0.10).</summary>
    public string ClusterIp(string ip)
    {
        clusterIps.Add(ip);
        return ip;
    }

    public void Log(JsonObject pod, string container, IEnumerable<string> lines, bool previous = false)
    {
        var text = string.Concat(lines.Select(l => l + "\n"));
        Snapshot.Logs[new ContainerLogKey(K8sJson.Namespace(pod), K8sJson.Name(pod), container, previous)] = text;
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomised per process).</summary>
    public static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private void Remember(JsonObject obj)
    {
        var kind = K8sJson.Kind(obj);
        identities.Add(Identity(kind, K8sJson.Namespace(obj), K8sJson.Name(obj)));
        if (long.TryParse(K8sJson.Text(obj, "metadata", "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
        {
            resourceVersion = Math.Max(resourceVersion, rv);
        }

        if (kind == ResourceKinds.Node.Kind && !nodes.Contains(obj))
        {
            nodes.Add(obj);
        }
        else if (kind == ResourceKinds.Pod.Kind && K8sJson.Text(obj, "status", "podIP") is { } podIp)
        {
            podIps.Add(podIp);
        }
        else if (kind == ResourceKinds.Service.Kind && K8sJson.Text(obj, "spec", "clusterIP") is { } clusterIp)
        {
            clusterIps.Add(clusterIp);
        }
    }

    private static string Identity(string kind, string? ns, string name) => $"{kind}/{ns}/{name}";
}
