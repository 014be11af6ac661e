namespace K8sAiops.Functions.Management;

/// <summary>Lets a request through only with a valid function key: the <c>code</c> query parameter or the <c>x-functions-key</c> header.</summary>
internal sealed class FunctionKeyFilter(FunctionKeys keys) : IEndpointFilter
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers.TryGetValue(HeaderName, out var header) ? header.ToString() : request.Query[QueryName].ToString();
        if (!keys.IsValid(presented))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid function key is required",
                detail: $"Pass a function key in the '{QueryName}' query parameter or the '{HeaderName}' header.");
        }

        return await next(context);
    }
}
