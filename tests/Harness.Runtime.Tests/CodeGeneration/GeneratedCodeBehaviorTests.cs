using System.Reflection;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Reminders;
using Xunit;

namespace Harness.Runtime.Tests.CodeGeneration;

/// <summary>Compiles generated code, loads it, and drives proxies and requests the way the runtime does.</summary>
public sealed class GeneratedCodeBehaviorTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Harness.Runtime;

        namespace GenTest;

        public interface ICalculatorGrain : IGrainWithStringKey
        {
            Task<int> Add(int a, int b);

            ValueTask<string?> Echo(string? text, CancellationToken cancellationToken);

            Task Clear();

            ValueTask Nothing();

            [OneWay]
            Task Fire(string message);

            [AlwaysInterleave]
            [ResponseTimeout("00:01:30")]
            Task<int> Slow(int @class);
        }

        public sealed class Calculator : ICalculatorGrain
        {
            public int Cleared;

            public string? LastFired;

            public Task<int> Add(int a, int b) => Task.FromResult(a + b);

            public async ValueTask<string?> Echo(string? text, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return text + "!";
            }

            public Task Clear()
            {
                Cleared++;
                return Task.CompletedTask;
            }

            public ValueTask Nothing() => default;

            public Task Fire(string message)
            {
                LastFired = message;
                return Task.CompletedTask;
            }

            public Task<int> Slow(int @class) => Task.FromResult(@class * 2);

            public GrainId GrainId => default;
        }

        public static class Calls
        {
            public static Task<int> Add(ICalculatorGrain grain, int a, int b) => grain.Add(a, b);

            public static Task<string?> Echo(ICalculatorGrain grain, string? text) => grain.Echo(text, CancellationToken.None).AsTask();

            public static Task Clear(ICalculatorGrain grain) => grain.Clear();

            public static Task Nothing(ICalculatorGrain grain) => grain.Nothing().AsTask();

            public static Task Fire(ICalculatorGrain grain, string message) => grain.Fire(message);

            public static Task<int> Slow(ICalculatorGrain grain, int value) => grain.Slow(value);
        }
        """;

    private static readonly Lazy<Assembly> GeneratedAssembly = new(() =>
        GeneratorHarness.EmitAndLoad(GeneratorHarness.Run(Source, assemblyName: "GeneratedCodeBehaviorTests").AssertClean().Output));

    [Fact]
    public async Task GeneratedProxy_TaskOfT_SendsRequestAndReturnsGrainResult()
    {
        var (runtime, proxy, calls, grain) = Create();

        var call = (Task<int>)Invoke(calls, "Add", proxy, 2, 3);

        var request = AssertSent(runtime, proxy, 0, "Add", 2, 3);
        Assert.False(call.IsCompleted);
        Assert.False(request.IsOneWay);
        Assert.False(request.IsAlwaysInterleave);
        Assert.Null(request.ResponseTimeout);
        Assert.Equal(new GrainId("calculator", "k"), request.TargetId);
        await Execute(request, grain);
        Assert.Equal(5, await call);
    }

    [Fact]
    public async Task GeneratedProxy_ValueTaskOfNullable_CompletesAfterAsynchronousGrainMethod()
    {
        var (runtime, proxy, calls, grain) = Create();

        var call = (Task<string?>)Invoke(calls, "Echo", proxy, "hi");

        var request = AssertSent(runtime, proxy, 0, "Echo", "hi", CancellationToken.None);
        await Execute(request, grain);
        Assert.Equal("hi!", await call);
    }

    [Fact]
    public async Task GeneratedProxy_TaskAndValueTask_CompleteWithoutResult()
    {
        var (runtime, proxy, calls, grain) = Create();

        var clear = (Task)Invoke(calls, "Clear", proxy);
        await Execute(AssertSent(runtime, proxy, 0, "Clear"), grain);
        await clear;

        var nothing = (Task)Invoke(calls, "Nothing", proxy);
        await Execute(AssertSent(runtime, proxy, 1, "Nothing"), grain);
        await nothing;

        Assert.Equal(1, (int)grain.GetType().GetField("Cleared")!.GetValue(grain)!);
    }

    [Fact]
    public async Task GeneratedProxy_OneWay_ReturnsCompletedTaskAndMarksRequest()
    {
        var (runtime, proxy, calls, grain) = Create();

        var call = (Task)Invoke(calls, "Fire", proxy, "boom");

        Assert.True(call.IsCompletedSuccessfully);
        var request = AssertSent(runtime, proxy, 0, "Fire", "boom");
        Assert.True(request.IsOneWay);

        // The caller already released its reference; the callee side holds the only one.
        await request.InvokeCore(grain);
        Assert.Equal("boom", grain.GetType().GetField("LastFired")!.GetValue(grain));
        Assert.True(request.TryComplete(null));
        request.Release();
    }

    [Fact]
    public async Task GeneratedRequest_Attributes_AreReflected()
    {
        var (runtime, proxy, calls, grain) = Create();

        var call = (Task<int>)Invoke(calls, "Slow", proxy, 21);

        var request = AssertSent(runtime, proxy, 0, "Slow", 21);
        Assert.True(request.IsAlwaysInterleave);
        Assert.Equal(TimeSpan.FromSeconds(90), request.ResponseTimeout);
        await Execute(request, grain);
        Assert.Equal(42, await call);
    }

    [Fact]
    public async Task GeneratedRequest_AfterRelease_IsResetAndReused()
    {
        var (runtime, proxy, calls, grain) = Create();

        var first = (Task<int>)Invoke(calls, "Add", proxy, 1, 1);
        var firstRequest = runtime.Sent[0].Request;
        await Execute(firstRequest, grain);
        Assert.Equal(2, await first);

        // Both parties released it: the pooled request holds no arguments any more.
        Assert.Equal(0, firstRequest.GetArgument(0));
        var second = (Task<int>)Invoke(calls, "Add", proxy, 4, 5);
        var secondRequest = AssertSent(runtime, proxy, 1, "Add", 4, 5);
        await Execute(secondRequest, grain);
        Assert.Equal(9, await second);
    }

    [Fact]
    public async Task RuntimeAssembly_GeneratedRemindableProxy_IsRegisteredAndSendsReminderTicks()
    {
        // The runtime project runs the generator itself: IRemindable gets its proxy there.
        var registry = new GrainCodeRegistry();
        registry.AddAssembly(typeof(Grain).Assembly);
        var runtime = new RecordingGrainReferenceRuntime();
        var reference = registry.Proxies[typeof(IRemindable)](runtime, new GrainId("timer", "1"));
        var status = new TickStatus(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch.AddMinutes(1));

        var call = ((IRemindable)reference).ReceiveReminder("tick", status);

        var request = AssertSentTo(runtime, reference, 0, "Harness.Runtime.Reminders.IRemindable", "ReceiveReminder", ["tick", status]);
        Assert.Equal(typeof(IRemindable), request.InterfaceType);
        Assert.True(request.TryComplete(null));
        request.Release();
        await call;
    }

    private static (RecordingGrainReferenceRuntime Runtime, GrainReference Proxy, Type Calls, object Grain) Create()
    {
        var assembly = GeneratedAssembly.Value;
        var interfaceType = assembly.GetType("GenTest.ICalculatorGrain", throwOnError: true)!;
        var registry = new GrainCodeRegistry();
        registry.AddAssembly(assembly);
        var runtime = new RecordingGrainReferenceRuntime();
        var proxy = registry.Proxies[interfaceType](runtime, new GrainId("calculator", "k"));
        Assert.IsAssignableFrom(interfaceType, proxy);
        return (runtime, proxy, assembly.GetType("GenTest.Calls", throwOnError: true)!, Activator.CreateInstance(assembly.GetType("GenTest.Calculator", throwOnError: true)!)!);
    }

    private static object Invoke(Type calls, string method, params object?[] arguments) =>
        calls.GetMethod(method)!.Invoke(null, arguments)!;

    /// <summary>Asserts the <paramref name="index"/>th request sent went to the proxy's grain, for the method with the arguments.</summary>
    private static Request AssertSent(RecordingGrainReferenceRuntime runtime, GrainReference proxy, int index, string method, params object?[] arguments) =>
        AssertSentTo(runtime, proxy, index, "GenTest.ICalculatorGrain", method, arguments);

    private static Request AssertSentTo(RecordingGrainReferenceRuntime runtime, GrainReference proxy, int index, string interfaceName, string method, object?[] arguments)
    {
        Assert.Equal(index + 1, runtime.Sent.Count);
        var (target, request) = runtime.Sent[index];
        Assert.Same(proxy, target);
        Assert.Equal(interfaceName, request.InterfaceName);
        Assert.Equal(interfaceName, request.InterfaceType.FullName);
        Assert.Equal(method, request.MethodName);
        Assert.Equal(arguments.Length, request.ArgumentCount);
        for (var i = 0; i < arguments.Length; i++)
        {
            Assert.Equal(arguments[i], request.GetArgument(i));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetArgument(arguments.Length));
        return request;
    }

    /// <summary>Plays the callee side: runs the grain method, completes the caller, drops the callee's reference.</summary>
    private static async Task Execute(Request request, object grain)
    {
        await request.InvokeCore(grain);
        Assert.True(request.TryComplete(null));
        request.Release();
    }
}
