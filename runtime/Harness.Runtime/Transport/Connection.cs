using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Harness.Runtime.CodeGeneration;
using Harness.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace Harness.Runtime.Transport;

/// <summary>
/// One TCP connection between a caller and a silo (silo to silo, or client to gateway), carrying calls in
/// both directions.
/// </summary>
/// <remarks>
/// <para>Sending: frames are encoded under a lock into the fill buffer; one send loop at a time swaps it with
/// an empty one and writes it to the socket, so frames queued while a write is in progress go out together
/// in the next write (batching without a timer). A caller whose frame finds the loop idle runs the loop
/// itself, so a lone call costs one system call and no thread hop.</para>
/// <para>Receiving: a Pipelines reader parses length-prefixed frames and handles each synchronously before
/// advancing: requests go to <see cref="IInboundRequestHandler"/>, responses to the waiting call found by
/// correlation id. A pending call holds its request's callee-side reference until its response (or the
/// connection's end) releases it.</para>
/// <para>Back-pressure: once <see cref="IInboundRequestHandler.MaxRequestsInFlight"/> calls from this
/// connection are in progress, the receive loop stops reading until half of them have answered; the peer's
/// writes then block in TCP flow control rather than queues growing in this silo.</para>
/// </remarks>
internal sealed partial class Connection : IResponseSink, IAsyncDisposable
{
    [ThreadStatic]
    private static Connection? _receivingThread;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly IInboundRequestHandler? _inbound;
    private readonly string _localName;
    private readonly ILogger _logger;
    private readonly Lock _sendLock = new();
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<long, PendingCall> _pending = [];
    private readonly MessageReader _reader = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private MessageWriter _fill = new();
    private MessageWriter? _spare = new();
    private byte[] _frameBuffer = [];
    private bool _sending;

    // True while the receive loop handles the frames of one read: frames it produces (responses, and calls
    // made by continuations it runs) wait for the end of the batch and go out in one write.
    private bool _receiveBatch;
    private bool _flushAfterBatch;
    private long _nextCorrelation;
    private int _inboundInFlight;
    private TaskCompletionSource? _inboundDrained;
    private int _closed;
    private Task _receiveLoop = Task.CompletedTask;

    public Connection(Socket socket, IInboundRequestHandler? inbound, string localName, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        EnableKeepAlive(socket);
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _inbound = inbound;
        _localName = localName;
        _logger = logger;
        Diagnostics.TransportMetrics.ConnectionOpened();
    }

    private static Connection? ReceivingThread
    {
        get => _receivingThread;
        set => _receivingThread = value;
    }

    /// <summary>Gets the peer's name from its handshake (empty before).</summary>
    public string RemoteName { get; private set; } = string.Empty;

    /// <summary>Gets the peer's grain type manifest from its handshake (empty for clients).</summary>
    public IReadOnlyDictionary<string, string> RemoteManifest { get; private set; } = new Dictionary<string, string>();

    /// <summary>Gets a task that completes when the peer's handshake arrived (or fails with the reason the connection closed).</summary>
    public Task Ready => _handshake.Task;

    /// <summary>Gets a value indicating whether the connection has closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Gets the number of calls sent on this connection that still wait for their response.</summary>
    public int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Sends the handshake and starts receiving.</summary>
    public void Start()
    {
        Enqueue(static (writer, state) =>
        {
            var (name, manifest) = state;
            writer.WriteByte((byte)MessageKind.Handshake);
            writer.WriteUInt32(WireProtocol.Magic);
            writer.WriteInt32(WireProtocol.Version);
            writer.WriteString(name);
            writer.WriteLength(manifest?.Count ?? 0);
            foreach (var (grainInterface, grainType) in manifest ?? new Dictionary<string, string>())
            {
                writer.WriteString(grainInterface);
                writer.WriteString(grainType);
            }
        }, (_localName, _inbound?.Manifest));
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>
    /// Sends a call. The callee-side reference of <paramref name="request"/> passes to the connection, which
    /// releases it when the response arrives, the send fails, or the connection closes.
    /// </summary>
    public void Send(Request request, TimeSpan timeout)
    {
        var correlation = 0L;
        if (!request.IsOneWay)
        {
            correlation = Interlocked.Increment(ref _nextCorrelation);
            lock (_pendingLock)
            {
                if (IsClosed)
                {
                    FailUnsent(request, Closed());
                    return;
                }

                _pending[correlation] = new PendingCall(request, request.Sequence);
            }
        }

        try
        {
            Enqueue(static (writer, state) =>
            {
                var (request, correlation, timeout) = state;
                writer.WriteByte((byte)(request.IsOneWay ? MessageKind.OneWay : MessageKind.Request));
                writer.WriteInt64(correlation);
                writer.WriteGrainId(request.TargetId);
                writer.WriteUInt32(request.MethodId);
                writer.WriteByte(request.RouteHere ? WireProtocol.RouteHereFlag : (byte)0);
                writer.WriteByte(request.ForwardCount);
                writer.WriteInt64(timeout.Ticks);
                writer.WriteString(request.TraceParent);
                request.WriteArguments(writer);
            }, (request, correlation, timeout));
        }
        catch (Exception exception)
        {
            // Encoding failed (an argument without a codec) or the connection closed: the call never left.
            // If Close already took it from the pending table, Close failed and released it.
            var owned = true;
            if (correlation != 0)
            {
                lock (_pendingLock)
                {
                    owned = _pending.Remove(correlation);
                }
            }

            if (owned)
            {
                FailUnsent(request, exception);
            }

            return;
        }

        if (request.IsOneWay)
        {
            request.Release();
        }
    }

    /// <summary>
    /// Sends the outcome of a request that arrived over this connection (the request's response sink). Never
    /// throws: it runs on the callee's completion path, and a caller that has gone away only loses its answer.
    /// </summary>
    public void OnResponse(Request request, Exception? exception)
    {
        try
        {
            try
            {
                Enqueue(static (writer, state) =>
                {
                    var (request, exception) = state;
                    if (exception is null)
                    {
                        writer.WriteByte((byte)MessageKind.Response);
                        writer.WriteInt64(request.RemoteCorrelationId);
                        request.WriteResult(writer);
                    }
                    else
                    {
                        writer.WriteByte((byte)MessageKind.Fault);
                        writer.WriteInt64(request.RemoteCorrelationId);
                        ExceptionCodec.Write(writer, exception);
                    }
                }, (request, exception));
            }
            catch (Exception encodingFailure) when (exception is null && !IsClosed)
            {
                // The result has no codec: tell the caller why instead of leaving it to time out.
                SendFault(request.RemoteCorrelationId, encodingFailure);
            }
        }
        catch (Exception sendFailure)
        {
            LogResponseLost(RemoteName, sendFailure);
        }
        finally
        {
            // The remote caller's reference: the response is on its way (or cannot be sent).
            request.Release();
            if (Interlocked.Decrement(ref _inboundInFlight) == _inbound!.MaxRequestsInFlight / 2)
            {
                Volatile.Read(ref _inboundDrained)?.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new SiloUnavailableException($"Connection to {RemoteName} was closed by {_localName}."));
        await _receiveLoop.ConfigureAwait(false);
    }

    /// <summary>Closes the connection and fails every waiting call with <paramref name="reason"/>.</summary>
    public void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _closing.Cancel();
        Diagnostics.TransportMetrics.ConnectionClosed();
        PendingCall[] pending;
        lock (_pendingLock)
        {
            pending = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var call in pending)
        {
            FailPending(call, reason);
        }

        _handshake.TrySetException(reason);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stream.Dispose();
        LogClosed(RemoteName, reason.Message);
    }

    /// <summary>
    /// Probes an idle connection after 5 s and gives up after 3 unanswered probes 1 s apart, so a peer that vanished
    /// without closing (a partition, a powered-off machine) fails its waiting calls in seconds, not at their timeout.
    /// </summary>
    private static void EnableKeepAlive(Socket socket)
    {
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 1);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        }
        catch (Exception exception) when (exception is SocketException or PlatformNotSupportedException)
        {
            // Not every platform tunes keep-alive; membership still closes connections to silos declared dead.
        }
    }

    private static void FailUnsent(Request request, Exception exception)
    {
        request.TryComplete(exception);
        request.Release();
    }

    private static void FailPending(in PendingCall call, Exception exception)
    {
        if (!call.Request.IsCompletedFor(call.Sequence))
        {
            call.Request.TryComplete(exception);
        }

        call.Request.Release();
    }

    private SiloUnavailableException Closed() => new($"Connection to {RemoteName} is closed.");

    private void SendFault(long correlation, Exception exception) =>
        Enqueue(static (writer, state) =>
        {
            var (correlation, exception) = state;
            writer.WriteByte((byte)MessageKind.Fault);
            writer.WriteInt64(correlation);
            ExceptionCodec.Write(writer, exception);
        }, (correlation, exception));

    /// <summary>Encodes one frame into the fill buffer and makes sure a send loop will write it.</summary>
    private void Enqueue<TState>(Action<MessageWriter, TState> encode, TState state)
    {
        bool runLoop;
        lock (_sendLock)
        {
            if (IsClosed)
            {
                throw Closed();
            }

            var start = _fill.Length;
            var lengthSlot = _fill.Reserve(WireProtocol.LengthPrefixBytes);
            try
            {
                encode(_fill, state);
            }
            catch
            {
                // Drop the partial frame: the buffer must only ever hold whole frames.
                TruncateFill(start);
                throw;
            }

            _fill.PatchInt32(lengthSlot, _fill.Length - start - WireProtocol.LengthPrefixBytes);
            Diagnostics.TransportMetrics.FrameSent(_localName);
            if (_receiveBatch && ReceivingThread == this)
            {
                _flushAfterBatch = true;
                return;
            }

            runLoop = !_sending;
            _sending = true;
        }

        if (runLoop)
        {
            _ = SendLoopAsync();
        }
    }

    private void TruncateFill(int length)
    {
        var kept = _fill.WrittenSpan[..length].ToArray();
        _fill.Reset();
        _fill.WriteRaw(kept);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                MessageWriter batch;
                lock (_sendLock)
                {
                    if (_fill.Length == 0 || IsClosed)
                    {
                        _sending = false;
                        return;
                    }

                    batch = _fill;
                    _fill = _spare!;
                    _spare = null;
                }

                await _stream.WriteAsync(batch.WrittenMemory, _closing.Token).ConfigureAwait(false);
                Diagnostics.TransportMetrics.BatchWritten(_localName, batch.Length);
                batch.Reset();
                lock (_sendLock)
                {
                    _spare = batch;
                }
            }
        }
        catch (Exception exception)
        {
            lock (_sendLock)
            {
                _sending = false;
            }

            Close(new SiloUnavailableException($"Sending to {RemoteName} failed: {exception.Message}", exception));
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var saturated = false;
                BeginBatch();
                try
                {
                    while (!saturated && TryReadFrame(ref buffer, out var frame))
                    {
                        HandleFrame(frame);
                        saturated = _inbound is not null && Volatile.Read(ref _inboundInFlight) >= _inbound.MaxRequestsInFlight;
                    }
                }
                finally
                {
                    EndBatch();
                }

                if (saturated)
                {
                    // Frames left in the buffer stay unexamined, so the next read returns them at once.
                    _input.AdvanceTo(buffer.Start);
                    await WaitForInboundDrainAsync().ConfigureAwait(false);
                    continue;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            reason = exception is SiloUnavailableException ? exception : new SiloUnavailableException($"Connection to {RemoteName} failed: {exception.Message}", exception);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }

        // Named now: the peer's name is known only after its handshake.
        Close(reason ?? new SiloUnavailableException($"Connection to {RemoteName} was closed by the peer."));
    }

    private async Task WaitForInboundDrainAsync()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _inboundDrained, drained);

        // Checked after publishing the signal: a response that crossed the low-water mark before it could not signal.
        if (Volatile.Read(ref _inboundInFlight) > _inbound!.MaxRequestsInFlight / 2)
        {
            LogBackPressure(RemoteName, _inbound.MaxRequestsInFlight);
            await drained.Task.WaitAsync(_closing.Token).ConfigureAwait(false);
        }

        Volatile.Write(ref _inboundDrained, null);
    }

    private void BeginBatch()
    {
        ReceivingThread = this;
        lock (_sendLock)
        {
            _receiveBatch = true;
        }
    }

    private void EndBatch()
    {
        ReceivingThread = null;
        bool runLoop;
        lock (_sendLock)
        {
            _receiveBatch = false;
            runLoop = _flushAfterBatch && !_sending;
            _flushAfterBatch = false;
            _sending |= runLoop;
        }

        if (runLoop)
        {
            _ = SendLoopAsync();
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < WireProtocol.LengthPrefixBytes)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[WireProtocol.LengthPrefixBytes];
        buffer.Slice(0, WireProtocol.LengthPrefixBytes).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length <= 0 || length > WireProtocol.MaxFrameBytes)
        {
            throw new InvalidDataException($"Peer {RemoteName} sent a frame of {length} bytes (limit {WireProtocol.MaxFrameBytes}): not a Harness peer, or a corrupt stream.");
        }

        if (buffer.Length < WireProtocol.LengthPrefixBytes + length)
        {
            return false;
        }

        frame = buffer.Slice(WireProtocol.LengthPrefixBytes, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    private void HandleFrame(in ReadOnlySequence<byte> frame)
    {
        Diagnostics.TransportMetrics.FrameReceived(_localName, frame.Length + WireProtocol.LengthPrefixBytes);
        if (frame.IsSingleSegment)
        {
            _reader.Reset(frame.First);
        }
        else
        {
            if (_frameBuffer.Length < frame.Length)
            {
                _frameBuffer = new byte[Math.Max((int)frame.Length, _frameBuffer.Length * 2)];
            }

            frame.CopyTo(_frameBuffer);
            _reader.Reset(_frameBuffer.AsMemory(0, (int)frame.Length));
        }

        var kind = (MessageKind)_reader.ReadByte();
        if (kind != MessageKind.Handshake && !_handshake.Task.IsCompleted)
        {
            throw new InvalidDataException($"Peer sent {kind} before its handshake.");
        }

        switch (kind)
        {
            case MessageKind.Handshake:
                ReadHandshake();
                break;
            case MessageKind.Request:
            case MessageKind.OneWay:
                ReadRequest(kind == MessageKind.OneWay);
                break;
            case MessageKind.Response:
            case MessageKind.Fault:
                ReadResponse(kind == MessageKind.Fault);
                break;
            default:
                throw new InvalidDataException($"Peer {RemoteName} sent an unknown message kind {(byte)kind}.");
        }
    }

    private void ReadHandshake()
    {
        var magic = _reader.ReadUInt32();
        var version = _reader.ReadInt32();
        if (magic != WireProtocol.Magic)
        {
            throw new InvalidDataException("The peer is not a Harness silo or client (wrong protocol magic).");
        }

        if (version != WireProtocol.Version)
        {
            throw new InvalidDataException($"The peer speaks protocol version {version}; this process speaks {WireProtocol.Version}.");
        }

        RemoteName = _reader.ReadRequiredString();
        var count = _reader.ReadLength();
        var manifest = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            manifest[_reader.ReadRequiredString()] = _reader.ReadRequiredString();
        }

        RemoteManifest = manifest;
        LogConnected(_localName, RemoteName);
        _handshake.TrySetResult();
    }

    private void ReadRequest(bool oneWay)
    {
        var correlation = _reader.ReadInt64();
        var target = _reader.ReadGrainId();
        var methodId = _reader.ReadUInt32();
        var flags = _reader.ReadByte();
        var forwardCount = _reader.ReadByte();
        var timeout = new TimeSpan(_reader.ReadInt64());
        var traceParent = _reader.ReadString();
        var request = _inbound?.RentRequest(methodId);
        if (request is null)
        {
            var failure = new InvalidOperationException(
                _inbound is null
                    ? $"{_localName} does not accept grain calls."
                    : $"{_localName} does not know grain method {methodId:x8}: the caller and this silo run different grain interface versions.");
            if (!oneWay)
            {
                SendFault(correlation, failure);
            }

            return;
        }

        try
        {
            request.ReadArguments(_reader);
        }
        catch (Exception exception)
        {
            request.Release();
            request.Release();
            if (!oneWay)
            {
                SendFault(correlation, exception);
            }

            return;
        }

        request.TargetId = target;
        request.RouteHere = (flags & WireProtocol.RouteHereFlag) != 0;
        request.ForwardCount = forwardCount;
        request.TimeoutOverride = timeout;
        request.TraceParent = traceParent;
        if (oneWay)
        {
            request.IsOneWay = true;
            request.Release();
        }
        else
        {
            request.RemoteCorrelationId = correlation;
            request.ResponseSink = this;
            Interlocked.Increment(ref _inboundInFlight);
        }

        _inbound!.Deliver(request);
    }

    private void ReadResponse(bool fault)
    {
        var correlation = _reader.ReadInt64();
        PendingCall call;
        lock (_pendingLock)
        {
            if (!_pending.Remove(correlation, out call))
            {
                return;
            }
        }

        var request = call.Request;
        if (request.IsCompletedFor(call.Sequence))
        {
            // The caller stopped waiting (timeout): only the callee-side reference is left to drop.
            request.Release();
            return;
        }

        Exception? failure = null;
        try
        {
            if (fault)
            {
                failure = ExceptionCodec.Read(_reader);
            }
            else
            {
                request.ReadResult(_reader);
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        request.TryComplete(failure);
        request.Release();
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "{Local} connected to {Remote}")]
    private partial void LogConnected(string local, string remote);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Connection to {Remote} closed: {Reason}")]
    private partial void LogClosed(string remote, string reason);

    [LoggerMessage(EventId = 703, Level = LogLevel.Debug, Message = "Stopped reading from {Remote}: {Limit} of its calls are in progress (Harness:Messaging:MaxInboundRequestsPerConnection)")]
    private partial void LogBackPressure(string remote, int limit);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "A response to {Remote} could not be sent")]
    private partial void LogResponseLost(string remote, Exception exception);
}
