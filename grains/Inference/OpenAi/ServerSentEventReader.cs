using System.Buffers;

namespace Harness.Grains.Inference.OpenAi;

/// <summary>
/// Reads the <c>data</c> of server-sent events from a stream: lines end with LF or CRLF, a blank line ends an
/// event, several <c>data</c> lines of one event are joined with LF, comments and other fields are skipped. At the end
/// of the stream an event whose lines all arrived whole is still delivered; a line cut off mid-way never is.
/// </summary>
internal sealed class ServerSentEventReader : IDisposable
{
    private const int InitialBufferSize = 4096;

    // A generous bound for one line: a streamed chunk is a few hundred bytes; a longer line is not this protocol.
    private const int MaxLineBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> DataField => "data"u8;

    private readonly Stream _stream;
    private readonly Action _onBytesRead;
    private readonly ArrayBufferWriter<byte> _data = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _hasData;
    private bool _endOfStream;

    /// <summary>Initializes a new instance of the <see cref="ServerSentEventReader"/> class.</summary>
    /// <param name="stream">The response stream; not disposed by the reader.</param>
    /// <param name="onBytesRead">Called after every read that returned bytes, e.g. to restart an idle timer.</param>
    public ServerSentEventReader(Stream stream, Action onBytesRead)
    {
        _stream = stream;
        _onBytesRead = onBytesRead;
    }

    /// <summary>
    /// Reads the next event's data, valid until the next call; null at the end of the stream.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The data, or null.</returns>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadEventAsync(CancellationToken cancellationToken)
    {
        if (_hasData)
        {
            _data.ResetWrittenCount();
            _hasData = false;
        }

        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                if (line.Length > 0 && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                if (line.IsEmpty)
                {
                    if (_hasData)
                    {
                        return _data.WrittenMemory;
                    }

                    continue;
                }

                AddLine(line);
                continue;
            }

            if (_endOfStream)
            {
                // What is left is a line the stream cut off: never trusted. (A conditional with null would convert
                // it to an empty array's memory, not to a missing value.)
                if (_hasData)
                {
                    return _data.WrittenMemory;
                }

                return null;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void AddLine(ReadOnlySpan<byte> line)
    {
        // A line starting with ':' is a comment (keep-alive); its empty field name never matches.
        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        if (!field.SequenceEqual(DataField))
        {
            return;
        }

        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (value.Length > 0 && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (_hasData)
        {
            _data.Write("\n"u8);
        }

        _data.Write(value);
        _hasData = true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new InvalidDataException($"A server-sent event line is longer than {MaxLineBytes} bytes.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }

        _end += read;
        _onBytesRead();
    }
}
