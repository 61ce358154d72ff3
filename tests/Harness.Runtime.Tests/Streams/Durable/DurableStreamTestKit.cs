using Harness.Runtime.Hosting;
using Harness.Runtime.Serialization;
using Harness.Runtime.Streams;
using Harness.Runtime.Streams.Durable;
using Harness.Runtime.Tests.Infrastructure;
using Harness.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Runtime.Tests.Streams.Durable;

/// <summary>Shared set-up of the durable stream tests: fast options, the provider, and reading back what the store holds.</summary>
internal static class DurableStreamTestKit
{
    public const string ProviderName = "Durable";

    public const string Namespace = "durable";

    /// <summary>Short periods so sweeps, lease hand-overs and retries happen within a test.</summary>
    public static void FastOptions(DurableStreamOptions options)
    {
        options.PollPeriod = TimeSpan.FromMilliseconds(100);
        options.LeaseDuration = TimeSpan.FromSeconds(1);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
    }

    public static Task<TestSilo> StartSiloAsync(IDurableStreamStore store, TimeProvider? time = null, TestProbe? probe = null) =>
        TestSilo.StartAsync(silo => silo.AddDurableStreams(ProviderName, store, FastOptions), time, probe);

    public static IStreamProvider Provider(TestSilo silo) => silo.Services.GetRequiredKeyedService<IStreamProvider>(ProviderName);

    public static IAsyncStream<int> Stream(TestSilo silo, string key) => Provider(silo).GetStream<int>(new StreamId(Namespace, key));

    public static ReadOnlyMemory<byte> Encode(int item)
    {
        using var writer = new MessageWriter();
        Codec<int>.Write(writer, item);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Every stored event of the stream, in sequence order, decoded.</summary>
    public static async Task<List<(long Sequence, int Item)>> StoredAsync(IDurableStreamStore store, string key)
    {
        var events = await store.ReadAsync(ProviderName, new StreamId(Namespace, key), 0, 100_000, CancellationToken.None);
        return [.. events.Select(e => (e.Sequence, Codec<int>.Read(new MessageReader(e.Payload))))];
    }

    /// <summary>The list with runs of equal neighbours collapsed: what a consumer saw, redeliveries removed.</summary>
    public static List<int> Collapse(IEnumerable<int> items)
    {
        var result = new List<int>();
        foreach (var item in items)
        {
            if (result.Count == 0 || result[^1] != item)
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>Polls <paramref name="condition"/> until true (at most 20 s).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }
}
