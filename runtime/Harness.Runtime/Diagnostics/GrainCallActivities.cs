using System.Diagnostics;
using Harness.Runtime.CodeGeneration;

namespace Harness.Runtime.Diagnostics;

/// <summary>
/// Traces of grain calls (activity source <c>Harness.Runtime</c>): a client span around each call as the caller
/// sees it, and a server span around the grain method, parented by the caller's span, in process and across
/// the wire (the caller's span id travels in the request frame). Without a listener this is one branch per call.
/// </summary>
internal static class GrainCallActivities
{
    /// <summary>The activity source name to listen to.</summary>
    public const string SourceName = "Harness.Runtime";

    // One source per process, like a Meter's name: listeners subscribe by name.
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the caller's span (when traced) and records the parent the callee should use.</summary>
    public static void StartCall(Request request)
    {
        if (!Source.HasListeners())
        {
            request.TraceParent = Activity.Current?.Id;
            return;
        }

        var previous = Activity.Current;
        var activity = Source.StartActivity(SpanName(request), ActivityKind.Client);
        if (activity is not null)
        {
            Tag(activity, request);

            // The span ends when the call completes; the caller's own code continues under its previous span.
            Activity.Current = previous;
        }

        request.CallActivity = activity;
        request.TraceParent = activity?.Id ?? previous?.Id;
    }

    /// <summary>Starts the grain method's span and makes it current for the turn (so the grain's own calls nest under it).</summary>
    public static Activity? StartHandling(Request request)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = request.TraceParent is { } parent
            ? Source.StartActivity(SpanName(request), ActivityKind.Server, parent)
            : Source.StartActivity(SpanName(request), ActivityKind.Server);
        if (activity is not null)
        {
            Tag(activity, request);
        }

        return activity;
    }

    /// <summary>Ends a span with the call's outcome.</summary>
    public static void Stop(Activity? activity, Exception? exception)
    {
        if (activity is null)
        {
            return;
        }

        if (exception is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.SetTag("exception.type", exception.GetType().FullName);
        }

        activity.Stop();
    }

    private static string SpanName(Request request) => $"{request.InterfaceName}/{request.MethodName}";

    private static void Tag(Activity activity, Request request)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        activity.SetTag("rpc.system", "harness");
        activity.SetTag("rpc.service", request.InterfaceName);
        activity.SetTag("rpc.method", request.MethodName);
        activity.SetTag("harness.grain_id", request.TargetId.ToString());
    }
}
