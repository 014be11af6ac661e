using K8sAiops.Functions.Cli;

namespace K8sAiops.Functions.Tests.Cli;

/// <summary>Runs the command line in process, as <c>./k8saiops ARGS</c> would, and returns its exit code, stdout and stderr.</summary>
internal static class CommandLineRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await K8sAiopsCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
