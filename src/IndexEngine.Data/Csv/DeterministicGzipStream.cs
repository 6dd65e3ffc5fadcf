using System.Buffers.Binary;
using System.IO.Compression;

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
    private uint _crc = 0xFFFFFFFF;
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
        _crc = Crc32.Update(_crc, buffer);
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
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, ~_crc);
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

    /// <summary>CRC-32 (IEEE 802.3, reflected, as gzip uses), slicing by 8 bytes.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            for (int n = 0; n < 256; n++)
                for (int s = 1; s < 8; s++)
                    table[s * 256 + n] = (table[(s - 1) * 256 + n] >> 8) ^ table[table[(s - 1) * 256 + n] & 0xFF];
            return table;
        }

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            var t = Table;
            while (data.Length >= 8)
            {
                uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
                uint two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
                crc = t[7 * 256 + (one & 0xFF)] ^ t[6 * 256 + ((one >> 8) & 0xFF)] ^ t[5 * 256 + ((one >> 16) & 0xFF)] ^ t[4 * 256 + (one >> 24)]
                    ^ t[3 * 256 + (two & 0xFF)] ^ t[2 * 256 + ((two >> 8) & 0xFF)] ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
                data = data[8..];
            }
            foreach (var b in data) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}
