using System.Diagnostics;

namespace K8sAiops.Bench.Inspection;

/// <summary>
/// Side B, in its own process: a bare <see cref="HttpClient"/> making the very requests of the inspection's measured
/// run (the same paths, page limits and <c>continue</c> tokens, taken from the sandbox's journal), at most
/// <c>parallel</c> at once, reading every body to its end. <c>warmups</c> times to warm up, then measured.
/// </summary>
internal static class RawListingWorker
{
    public static async Task<int> RunAsync(Uri baseAddress, string requestsFile, int parallel, int warmups)
    {
        var requests = File.ReadAllLines(requestsFile).Select(RecordedRequest.Parse).ToList();
        using var http = new HttpClient { BaseAddress = baseAddress };

        var clock = Stopwatch.StartNew();
        await ReplayAsync(http, requests, parallel);
        var firstMs = clock.Elapsed.TotalMilliseconds;
        for (var i = 1; i < warmups; i++)
            await ReplayAsync(http, requests, parallel);
        await Handshake.ReadyAsync();
        var cpu = CpuTime.OfThisProcess();
        clock.Restart();
        var (mismatches, bytes) = await ReplayAsync(http, requests, parallel);
        var ms = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (CpuTime.OfThisProcess() - cpu).TotalMilliseconds;
        Handshake.Report(new WorkerReport("raw", firstMs, ms, cpuMs, PeakRss.Bytes(), Requests: requests.Count, StatusMismatches: mismatches, BodyBytes: bytes));
        return 0;
    }

    /// <summary>Makes every request, reading each body whole; returns how many answered with another status than the journal's, and the bytes read.</summary>
    private static async Task<(int Mismatches, long Bytes)> ReplayAsync(HttpClient http, List<RecordedRequest> requests, int parallel)
    {
        var mismatches = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (request, cancellation) =>
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Uri);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            Interlocked.Add(ref bytes, body.Length);
            if ((int)response.StatusCode != request.StatusCode)
                Interlocked.Increment(ref mismatches);
        });
        return (mismatches, bytes);
    }
}
