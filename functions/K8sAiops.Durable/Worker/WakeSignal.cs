using System.Threading.Channels;

namespace K8sAiops.Durable.Worker;

/// <summary>Lets a poller sleep until it is told there is work, or until a timeout.</summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for <see cref="Set"/> or the timeout; true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var read = _channel.Reader.WaitToReadAsync(cts.Token).AsTask();
        var delay = Task.Delay(timeout, timeProvider, cts.Token);
        var winner = await Task.WhenAny(read, delay);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return winner == read && _channel.Reader.TryRead(out _);
    }
}
