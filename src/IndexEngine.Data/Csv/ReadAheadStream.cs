using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace IndexEngine.Data.Csv;

/// <summary>
/// Reads a source stream on a background thread a few chunks ahead of the consumer, so that gzip
/// decompression and hashing overlap with CSV parsing on a second core. Exceptions of the source are
/// rethrown, unchanged, to the consumer at the point where its data would have been.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyForwardStream
{
    private const int ChunkSize = 1 << 18;
    private const int ChunksAhead = 32; // 8 MiB: room to decompress ahead while other files are read

    private readonly BlockingCollection<Chunk> _chunks = new(ChunksAhead);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _producer;
    private Chunk _current;
    private int _position;
    private bool _ended;

    private readonly record struct Chunk(byte[]? Buffer, int Length, ExceptionDispatchInfo? Error);

    public ReadAheadStream(Stream source)
    {
        _producer = new Thread(() => Produce(source)) { IsBackground = true, Name = "input read-ahead" };
        _producer.Start();
    }

    private void Produce(Stream source)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int length = 0, n;
                while (length < buffer.Length && (n = source.Read(buffer, length, buffer.Length - length)) > 0) length += n;
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _chunks.Add(new Chunk(null, 0, null), _stop.Token);
                    return;
                }
                _chunks.Add(new Chunk(buffer, length, null), _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped reading (an error was found); nothing more to hand over.
        }
        catch (Exception e)
        {
            try { _chunks.Add(new Chunk(null, 0, ExceptionDispatchInfo.Capture(e)), _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (!_ended && (_current.Buffer is null || _position == _current.Length))
        {
            if (_current.Buffer is not null) ArrayPool<byte>.Shared.Return(_current.Buffer);
            _current = _chunks.Take();
            _position = 0;
            if (_current.Buffer is null)
            {
                _ended = true;
                _current.Error?.Throw();
            }
        }
        if (_ended) return 0;
        int n = Math.Min(buffer.Length, _current.Length - _position);
        _current.Buffer.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <summary>Stops the producer and waits for it, so that the source can be disposed afterwards.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _producer.Join();
            if (_current.Buffer is not null) ArrayPool<byte>.Shared.Return(_current.Buffer);
            while (_chunks.TryTake(out var chunk))
                if (chunk.Buffer is not null) ArrayPool<byte>.Shared.Return(chunk.Buffer);
            _chunks.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }
}
