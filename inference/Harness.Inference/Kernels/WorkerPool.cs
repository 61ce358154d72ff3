namespace Harness.Inference.Kernels;

/// <summary>
/// Runs the chunks of one <see cref="IParallelWork"/> at a time on dedicated threads plus the caller's. Built for the
/// forward pass, which dispatches a few hundred short jobs per token: workers spin briefly between jobs before they
/// sleep, a dispatch allocates nothing, and chunks are claimed with one interlocked increment each.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private const int SpinIterations = 20_000;

    private readonly Thread[] _threads;
    private readonly object _sleep = new();
    private readonly object _dispatch = new();
    private IParallelWork? _work;
    private int _chunks;
    private int _pending;
    private int _generation;

    // The running job's number (high half) and its next unclaimed chunk (low half), claimed by compare-and-swap: a
    // thread that took a look at an earlier job can never claim a chunk of a later one.
    private long _claim;
    private bool _disposed;
    private Exception? _failure;

    /// <summary>Initializes a new instance of the <see cref="WorkerPool"/> class.</summary>
    /// <param name="threads">Threads in all, the caller's included (at least 1).</param>
    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Workers = threads;
        _threads = new Thread[threads - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            var slot = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(slot)) { IsBackground = true, Name = $"harness-inference-{slot}" };
            _threads[i].Start();
        }
    }

    /// <summary>Gets the process-wide pool, one thread per core.</summary>
    public static WorkerPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Gets the number of threads that run chunks, the caller's included.</summary>
    public int Workers { get; }

    /// <summary>Runs chunks 0 to <paramref name="chunks"/> - 1 of <paramref name="work"/> and returns when all are done.</summary>
    /// <param name="work">The work.</param>
    /// <param name="chunks">The number of chunks.</param>
    public void Run(IParallelWork work, int chunks)
    {
        if (chunks <= 0)
        {
            return;
        }

        if (chunks == 1 || Workers == 1)
        {
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                work.Execute(chunk, 0);
            }

            return;
        }

        // One job at a time: several engines share the cores, and interleaving their jobs would only add switching.
        lock (_dispatch)
        {
            _failure = null;
            int job;
            lock (_sleep)
            {
                job = _generation + 1;
                _work = work;
                _chunks = chunks;
                Volatile.Write(ref _pending, chunks);
                Volatile.Write(ref _claim, (long)job << 32);
                _generation = job;
                Monitor.PulseAll(_sleep);
            }

            RunChunks(work, job, chunks, 0);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _pending) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            _work = null;
            if (_failure is { } failure)
            {
                throw new InvalidOperationException("A parallel inference kernel failed.", failure);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_sleep)
        {
            _disposed = true;
            Monitor.PulseAll(_sleep);
        }
    }

    private void RunChunks(IParallelWork work, int job, int chunks, int worker)
    {
        while (true)
        {
            var claim = Volatile.Read(ref _claim);
            var chunk = (int)(claim & 0xFFFF_FFFF);
            if ((int)(claim >> 32) != job || chunk >= chunks)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
            {
                continue;
            }

            try
            {
                work.Execute(chunk, worker);
            }
            catch (Exception exception)
            {
                _failure ??= exception;
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private void WorkerLoop(int slot)
    {
        var seen = 0;
        while (true)
        {
            IParallelWork? work;
            int chunks;
            // Spin first: the next job usually follows within microseconds, and waking a sleeping thread costs more.
            var spins = 0;
            while (Volatile.Read(ref _generation) == seen && spins < SpinIterations && !_disposed)
            {
                Thread.SpinWait(20);
                spins++;
            }

            lock (_sleep)
            {
                while (_generation == seen && !_disposed)
                {
                    Monitor.Wait(_sleep);
                }

                if (_disposed)
                {
                    return;
                }

                seen = _generation;
                work = _work;
                chunks = _chunks;
            }

            if (work is not null)
            {
                RunChunks(work, seen, chunks, slot);
            }
        }
    }
}
