namespace Harness.Inference.Kernels;

/// <summary>Work split into numbered chunks that <see cref="WorkerPool"/> runs on several threads.</summary>
internal interface IParallelWork
{
    /// <summary>Runs one chunk.</summary>
    /// <param name="chunk">The chunk, 0 to the count given to <see cref="WorkerPool.Run"/> minus one.</param>
    /// <param name="worker">The running thread's slot, 0 to <see cref="WorkerPool.Workers"/> minus one, for per-thread scratch.</param>
    void Execute(int chunk, int worker);
}
