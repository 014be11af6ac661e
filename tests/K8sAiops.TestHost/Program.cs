using System.Diagnostics;
using System.Text.Json;
using K8sAiops.Durable;
using K8sAiops.Durable.Storage.AzureStorage;
using K8sAiops.Durable.Worker;
using K8sAiops.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// A worker process for the crash and multi-host tests. Settings come from environment variables:
//   TESTHOST_STORAGE      connection string            TESTHOST_HUB        task hub name
//   TESTHOST_WORKER       worker id                    TESTHOST_VISIBILITY visibility timeout, seconds
//   TESTHOST_LEASE        partition lease, seconds     TESTHOST_RENEW      lease renew interval, seconds
//                         (each unset: the product's default)
//   TESTHOST_SINK         file the activities append their side effects to (see SideEffectSink)
//   TESTHOST_LOG_LEVEL    console log level (default Warning)
//   TESTHOST_CRASH_AT     "Step:N" or "Step:Terminal": SIGKILL itself at the N-th such checkpoint step, or at the
//                         first one of an episode that finishes an orchestration
//   TESTHOST_JOURNAL      file to append one JSON line per checkpoint step (who wrote which history range)
// It prints "ready" once started and runs until killed or its standard input closes.
var storage = Required("TESTHOST_STORAGE");
var hub = Required("TESTHOST_HUB");
var workerId = Required("TESTHOST_WORKER");
var defaults = new DurableTaskWorkerOptions();
var storeDefaults = new AzureStorageOptions();
var visibility = Seconds("TESTHOST_VISIBILITY") ?? defaults.VisibilityTimeout;
var lease = Seconds("TESTHOST_LEASE") ?? storeDefaults.LeaseDuration;
var renew = Seconds("TESTHOST_RENEW") ?? storeDefaults.LeaseRenewInterval;
var sink = new SideEffectSink(Environment.GetEnvironmentVariable("TESTHOST_SINK"));
var crash = CrashPoint.Parse(Environment.GetEnvironmentVariable("TESTHOST_CRASH_AT"));
var journalPath = Environment.GetEnvironmentVariable("TESTHOST_JOURNAL");
var journalLock = new Lock();

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(Enum.Parse<LogLevel>(Environment.GetEnvironmentVariable("TESTHOST_LOG_LEVEL") ?? "Warning")));
var store = new AzureStorageOrchestrationStore(
    new AzureStorageOptions { ConnectionString = storage, TaskHubName = hub, LeaseDuration = lease, LeaseRenewInterval = renew },
    TimeProvider.System,
    loggerFactory);
var options = new DurableTaskWorkerOptions
{
    WorkerId = workerId,
    VisibilityTimeout = visibility,
    MaxPollingInterval = TimeSpan.FromMilliseconds(250),
    OnCheckpointStep = info =>
    {
        if (journalPath is not null)
        {
            var line = JsonSerializer.Serialize(info) + "\n";
            lock (journalLock)
            {
                File.AppendAllText(journalPath, line);
            }
        }

        if (crash?.IsHit(info) == true)
        {
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }

        return Task.CompletedTask;
    },
};

var worker = new DurableTaskWorker(store, TestOrchestrations.Register(new DurableTaskRegistry(), sink), new ServiceCollection().BuildServiceProvider(),
    options, loggerFactory, TimeProvider.System);
await worker.StartAsync(CancellationToken.None);
Console.WriteLine("ready");
Console.Out.Flush();
await Task.Run(() => Console.In.ReadToEnd());
await worker.StopAsync(CancellationToken.None);
return 0;

static TimeSpan? Seconds(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
    ? TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
    : null;

static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
    ? value
    : throw new InvalidOperationException($"{name} is not set.");
