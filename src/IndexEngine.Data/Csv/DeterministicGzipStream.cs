using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace IndexEngine.Data.Csv;

/// <summary>
/// Writes a single-member gzip file with a fixed header (no file name, modification time 0, OS "unknown")
/// so that the same content gives the same bytes whenever and wherever it is written; GZipStream's header
/// records the operating system it ran on. The deflate data comes from the runtime's zlib.
/// </summary>
internal sealed class DeterministicGzipStream : Stream
{
    private static ReadOnlySpan<byte> Header => [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff];

    private readonly Stream _output;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private uint _length;
    private bool _finished;

    public DeterministicGzipStream(Stream output)
    {
        _output = output;
        _output.Write(Header);
        _deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        _length = unchecked(_length + (uint)buffer.Length);
        _deflate.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Ends the deflate data and writes the trailer (CRC-32 and length mod 2^32).</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _deflate.Dispose();
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], _length);
        _output.Write(trailer);
        _output.Flush();
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _deflate.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Finish();
        base.Dispose(disposing);
    }
}
