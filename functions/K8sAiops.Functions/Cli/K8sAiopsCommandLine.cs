using System.CommandLine;
using System.CommandLine.Help;

namespace K8sAiops.Functions.Cli;

/// <summary>
/// The <c>k8saiops</c> command line: one verb per file in this folder (<c>serve</c>, <c>sandbox</c>, <c>snapshot</c>; <c>diagnose</c>
/// and <c>inspect</c> join it as <c>XCommand.Create()</c> lines below). No verb prints help;
/// an unknown verb or option prints why and exits non-zero.
/// </summary>
public static class K8sAiopsCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "K8sAiops: Kubernetes alert diagnosis, daily inspection and approved remediation as durable workflows.")
        {
            ServeCommand.Create(),
            SandboxCommand.Create(),
            SnapshotCommand.Create(),
            DiagnoseCommand.Create(),
            InspectCommand.Create(),
            BreakersCommand.Create(),
        };
        root.SetAction(parseResult => new HelpAction().Invoke(parseResult));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; exceptions from verbs propagate to the caller, which logs them.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration
        {
            // The host handles Ctrl-C and SIGTERM itself and shuts down gracefully; no forced exit after a timeout.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return Create().Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
