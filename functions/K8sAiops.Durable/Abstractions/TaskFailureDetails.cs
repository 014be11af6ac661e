namespace K8sAiops.Durable;

/// <summary>Why a task or orchestration failed, as durabletask-dotnet reports it.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Stack traces are cut so that a failure never makes a payload too large to store (DF #502).</summary>
    public const int MaxStackTraceLength = 4096;

    public static TaskFailureDetails FromException(Exception exception)
    {
        var stack = exception.StackTrace;
        if (stack is { Length: > MaxStackTraceLength })
        {
            stack = stack[..MaxStackTraceLength] + "…";
        }

        var message = exception.Message.Length > 8192 ? exception.Message[..8192] + "…" : exception.Message;
        return exception switch
        {
            TaskFailedException tfe => tfe.FailureDetails with { StackTrace = stack },
            _ => new TaskFailureDetails(
                exception.GetType().FullName ?? exception.GetType().Name,
                message,
                stack,
                exception.InnerException is null ? null : FromException(exception.InnerException)),
        };
    }

    /// <summary>True when the failure was caused by an exception of <typeparamref name="TException"/> or a subtype.</summary>
    public bool IsCausedBy<TException>() where TException : Exception
    {
        var type = Type.GetType(ErrorType, throwOnError: false);
        return type is not null && typeof(TException).IsAssignableFrom(type);
    }

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}

/// <summary>Thrown in an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public string TaskName { get; }

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}

/// <summary>The orchestrator's code scheduled something different from what its history says it scheduled.</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    public NonDeterministicOrchestrationException(string message) : base(message)
    {
    }
}
