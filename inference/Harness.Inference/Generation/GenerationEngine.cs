using System.Runtime.CompilerServices;
using Harness.Inference.Kernels;
using Harness.Inference.Models;
using Harness.Inference.Sampling;
using Harness.Inference.Tokenization;

namespace Harness.Inference.Generation;

/// <summary>
/// Continuous batching over one model: concurrent generations share forward passes. Each pass decodes one token of
/// every admitted sequence and reads a chunk of the next prompt; sequences are admitted between passes, by priority
/// then arrival, up to the batch size, and leave as soon as they end or their caller cancels. Each has its own KV
/// cache, and its tokens do not depend on what else is in the batch. One thread runs the passes.
/// </summary>
public sealed class GenerationEngine : IDisposable
{
    private readonly TransformerModel _model;
    private readonly ITokenizer _tokenizer;
    private readonly IReadOnlySet<int> _endOfSequence;
    private readonly GenerationEngineOptions _options;
    private readonly ForwardBatch _batch;
    private readonly float[] _logits;
    private readonly Sequence[] _logitOwners;
    private readonly TokenSampler _sampler;
    private readonly List<Sequence> _queue = [];
    private readonly List<Sequence> _running = [];
    private readonly List<KvCache> _freeCaches = [];
    private readonly List<GeneratedToken> _released = [];
    private readonly SemaphoreSlim _work = new(0);
    private readonly Thread _thread;
    private readonly Predicate<Sequence> _dropCancelled;
    private long _arrivals;
    private bool _disposed;

    internal GenerationEngine(TransformerWeights weights, ITokenizer tokenizer, GenerationEngineOptions options, WorkerPool pool)
    {
        _tokenizer = tokenizer;
        _options = options;
        var config = weights.Config;
        _model = new TransformerModel(weights, options.MaxContextTokens, options.MaxBatchSize + options.PrefillChunkTokens, pool);
        _batch = new ForwardBatch(_model.MaxRows);
        _logits = new float[options.MaxBatchSize * config.VocabularySize];
        _logitOwners = new Sequence[options.MaxBatchSize];
        _sampler = new TokenSampler(config.VocabularySize);
        var endOfSequence = new HashSet<int>(config.EndOfSequenceIds);
        if (endOfSequence.Count == 0 && tokenizer.EndOfSequenceId is { } eos)
        {
            endOfSequence.Add(eos);
        }

        _endOfSequence = endOfSequence;
        _dropCancelled = DropIfCancelled;
        _thread = new Thread(Run) { IsBackground = true, Name = "harness-generation" };
        _thread.Start();
    }

    /// <summary>Gets or sets what is told, on the engine thread, of each generation as it is admitted into the batch.</summary>
    internal Action<GenerationRequest>? Admitted { get; set; }

    /// <summary>Generates; tokens stream as they are sampled (held back only while a stop sequence may be starting).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops the generation; the stream then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The tokens after the resumed ones.</returns>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sequence = Enqueue(request);
        using var registration = cancellationToken.Register(static s => ((Sequence)s!).Cancel(), sequence);
        var ended = false;
        try
        {
            await foreach (var token in sequence.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Tokens already buffered are not handed out once the caller has cancelled.
                cancellationToken.ThrowIfCancellationRequested();
                ended = token.Finish is not null;
                yield return token;
            }

            // A cancelled generation whose output was closed (the engine dropped it, or stopped) ends as cancelled.
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            if (!ended)
            {
                sequence.Cancel();
                _work.Release();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_queue)
        {
            _disposed = true;
        }

        _work.Release();
        _thread.Join();

        // The semaphore is not disposed: a caller that cancels after this still releases it (it holds no handle).
    }

    private Sequence Enqueue(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        Sequence sequence;
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            sequence = new Sequence(request, _arrivals++, _tokenizer);
            if (request.MaxTokens <= request.ResumeTokens.Count)
            {
                // Nothing left to generate: the resumed tokens already reached the limit.
                sequence.Output.Writer.TryComplete();
                return sequence;
            }

            _queue.Add(sequence);
        }

        _work.Release();
        return sequence;
    }

    private void Validate(GenerationRequest request)
    {
        var config = _model.Config;
        if (request.MaxTokens < 0)
        {
            throw new ArgumentException($"maxTokens must not be negative, not {request.MaxTokens}.", nameof(request));
        }

        if (request.Temperature < 0 || !float.IsFinite(request.Temperature))
        {
            throw new ArgumentException($"temperature must be 0 or more, not {request.Temperature}.", nameof(request));
        }

        if (request.TopP is <= 0 or > 1)
        {
            throw new ArgumentException($"topP must be in (0, 1], not {request.TopP}.", nameof(request));
        }

        foreach (var id in request.PromptTokens.Concat(request.ResumeTokens))
        {
            if ((uint)id >= (uint)config.VocabularySize)
            {
                throw new ArgumentException($"Token id {id} is outside the model's vocabulary of {config.VocabularySize}.", nameof(request));
            }
        }

        var patches = 0;
        if (request.ImagePatches is { } image)
        {
            var vision = config.Vision ?? throw new NotSupportedException("The model has no image encoder: it cannot read images.");
            if (image.Length != vision.PatchCount * vision.PatchLength)
            {
                throw new ArgumentException($"imagePatches must hold {vision.PatchCount} patches of {vision.PatchLength} values, not {image.Length} values.", nameof(request));
            }

            patches = vision.PatchCount;
        }

        var prefill = patches + request.PromptTokens.Count + request.ResumeTokens.Count;
        if (prefill == 0)
        {
            throw new ArgumentException("The prompt is empty and the tokenizer has no begin-of-sequence token to start from.", nameof(request));
        }

        if (prefill >= _model.MaxPositions)
        {
            throw new ArgumentException(
                $"The prompt takes {prefill} positions ({patches} image, {request.PromptTokens.Count} prompt, {request.ResumeTokens.Count} resumed); the model's context holds {_model.MaxPositions}.",
                nameof(request));
        }
    }

    private void Run()
    {
        while (true)
        {
            lock (_queue)
            {
                if (_disposed)
                {
                    break;
                }
            }

            if (_running.Count == 0)
            {
                // Idle: the caches kept for reuse go, so an idle model holds its weights and nothing more.
                _freeCaches.Clear();
                _work.Wait();
            }

            try
            {
                Step();
            }
            catch (Exception exception)
            {
                // A failed pass fails every generation in it; the engine goes on with the next requests.
                foreach (var sequence in _running)
                {
                    Finish(sequence, exception);
                }

                _running.Clear();
            }
        }

        lock (_queue)
        {
            foreach (var sequence in _queue.Concat(_running))
            {
                // A generation its caller cancelled (a preemption) ends as cancelled, not as a failure.
                sequence.Output.Writer.TryComplete(sequence.Cancelled ? null : new ObjectDisposedException(nameof(GenerationEngine), "The model was unloaded."));
            }

            _queue.Clear();
            _running.Clear();
        }
    }

    private void Step()
    {
        _running.RemoveAll(_dropCancelled);
        Admit();
        if (_running.Count == 0)
        {
            return;
        }

        _batch.Clear();
        foreach (var sequence in _running)
        {
            if (sequence.Decoding)
            {
                _logitOwners[_batch.AddToken(sequence.Cache!, sequence.Position, sequence.LastToken, true)] = sequence;
            }
        }

        var budget = _model.MaxRows - _batch.Count;
        foreach (var sequence in _running)
        {
            if (sequence.Decoding || budget == 0)
            {
                continue;
            }

            var rows = Math.Min(Math.Min(budget, _options.PrefillChunkTokens), sequence.PrefillLength - sequence.Cursor);
            for (var i = 0; i < rows; i++)
            {
                var position = sequence.Cursor++;
                var last = sequence.Cursor == sequence.PrefillLength;
                var slot = position < sequence.PatchCount
                    ? _batch.AddEmbedding(sequence.Cache!, position, sequence.PatchEmbeddings!, position * _model.Config.HiddenSize, last)
                    : _batch.AddToken(sequence.Cache!, position, sequence.Prefill[position - sequence.PatchCount], last);
                if (slot >= 0)
                {
                    _logitOwners[slot] = sequence;
                }
            }

            budget -= rows;
        }

        _model.Forward(_batch, _logits);
        var vocabulary = _model.Config.VocabularySize;
        for (var slot = 0; slot < _batch.LogitCount; slot++)
        {
            var sequence = _logitOwners[slot];
            _logitOwners[slot] = null!;
            // A decoded row filled one more position; a prefill that ended in this pass filled all of its own.
            sequence.Position = sequence.Position >= sequence.PrefillLength ? sequence.Position + 1 : sequence.PrefillLength;
            var token = _sampler.Sample(_logits.AsSpan(slot * vocabulary, vocabulary), sequence.Sampling, sequence.NextIndex);
            if (sequence.Accept(token, _tokenizer, _endOfSequence, _released))
            {
                _running.Remove(sequence);
                Finish(sequence, null);
            }
        }
    }

    private bool DropIfCancelled(Sequence sequence)
    {
        if (!sequence.Cancelled)
        {
            return false;
        }

        Finish(sequence, null);
        return true;
    }

    private void Admit()
    {
        while (_running.Count < _options.MaxBatchSize)
        {
            Sequence? next = null;
            lock (_queue)
            {
                _queue.RemoveAll(s =>
                {
                    if (!s.Cancelled)
                    {
                        return false;
                    }

                    s.Output.Writer.TryComplete();
                    return true;
                });
                foreach (var candidate in _queue)
                {
                    if (next is null || candidate.Request.Priority < next.Request.Priority
                        || (candidate.Request.Priority == next.Request.Priority && candidate.Arrival < next.Arrival))
                    {
                        next = candidate;
                    }
                }

                if (next is null)
                {
                    return;
                }

                _queue.Remove(next);
            }

            try
            {
                Start(next);
                _running.Add(next);
                Admitted?.Invoke(next.Request);
            }
            catch (Exception exception)
            {
                Finish(next, exception);
            }
        }
    }

    private void Start(Sequence sequence)
    {
        if (sequence.Request.ImagePatches is { } patches)
        {
            var vision = _model.Config.Vision!;
            sequence.PatchCount = vision.PatchCount;
            sequence.PatchEmbeddings = new float[vision.PatchCount * _model.Config.HiddenSize];
            _model.EmbedPatches(patches, sequence.PatchEmbeddings);
        }

        var remaining = sequence.Request.MaxTokens - sequence.Request.ResumeTokens.Count;
        sequence.Cache = RentCache(Math.Min(_model.MaxPositions, sequence.PrefillLength + remaining));
        sequence.ReplayResumed(_tokenizer);
    }

    private void Finish(Sequence sequence, Exception? failure)
    {
        if (sequence.Cache is { } cache)
        {
            sequence.Cache = null;
            if (_freeCaches.Count < _options.MaxBatchSize)
            {
                _freeCaches.Add(cache);
            }
        }

        if (failure is null)
        {
            sequence.Output.Writer.TryComplete();
        }
        else
        {
            sequence.Output.Writer.TryComplete(failure);
        }
    }

    private KvCache RentCache(int positions)
    {
        // The smallest free cache that is large enough, so big caches stay for long sequences.
        var best = -1;
        for (var i = 0; i < _freeCaches.Count; i++)
        {
            if (_freeCaches[i].Capacity >= positions && (best < 0 || _freeCaches[i].Capacity < _freeCaches[best].Capacity))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return new KvCache(_model.Config, positions);
        }

        var cache = _freeCaches[best];
        _freeCaches.RemoveAt(best);
        return cache;
    }
}
