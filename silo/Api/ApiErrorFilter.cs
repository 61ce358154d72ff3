using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harness.Silo.Api;

/// <summary>Turns the exceptions of every <c>/api</c> endpoint into problem details (see <see cref="ApiProblems"/>).</summary>
internal sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            return Results.Empty;
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            return ApiProblems.FromException(exception, http, logger);
        }
    }
}
