using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace IndexEngine.Data.Csv;

/// <summary>
/// Passes a file's raw bytes through while hashing them, so the SHA-256 recorded for the audit trail
/// is of exactly the bytes that were parsed, without reading the file twice.
/// </summary>
internal sealed class HashingReadStream(Stream inner) : ReadOnlyForwardStream
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Reads what is left of the file (a gzip trailer the decompressor did not need) into the
    /// hash and returns the lowercase hex SHA-256 of the whole file.</summary>
    public string Finish()
    {
        Span<byte> buffer = stackalloc byte[4096];
        while (Read(buffer) > 0) { }
        return Convert.ToHexStringLower(_sha256.GetHashAndReset());
    }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _sha256.AppendData(buffer[..n]);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Decompresses gzip member by member and checks each one, since .NET's GZipStream silently returns a short
/// result for a cut-off file and reports a bad CRC as an "unsupported compression method". Each member's
/// deflate data is inflated by a <see cref="DeflateStream"/>; its trailer (CRC-32 and length mod 2^32) is then
/// found right after the deflate data and compared with what was decompressed. A file may hold several
/// members one after the other (what <c>gzip &gt;&gt; file.gz</c> makes; <c>zcat</c> reads them as one text).
/// </summary>
internal sealed class CheckedGzipStream(Stream compressed) : ReadOnlyForwardStream
{
    /// <summary>The smallest gzip file: a 10-byte header, an empty deflate block and the 8-byte trailer.</summary>
    public const int MinimumFileLength = 20;

    private readonly RewindableSource _source = new(compressed);
    private DeflateStream? _deflate;
    private int _member; // members started so far
    private long _memberStart;
    private readonly Crc32 _crc = new(); // vectorised (carry-less multiply): it runs on the inflate thread
    private long _length;

    /// <summary>Reads ISIZE from the end of the file without moving the stream's position (a size hint: the
    /// length of the last member's text, mod 2^32).</summary>
    public static uint ReadDeclaredLength(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        RandomAccess.Read(file.SafeFileHandle, trailer, file.Length - 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    /// <summary>Whether a file starts with the gzip magic bytes 1f 8b.</summary>
    public static bool HasGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        return RandomAccess.Read(file.SafeFileHandle, magic, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <exception cref="InvalidDataException">A header, the deflate data or a trailer is bad, or the file is cut off.</exception>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_deflate is null)
            {
                if (_member > 0 && _source.AtEnd()) return 0;
                StartMember();
            }
            int n = _deflate!.Read(buffer);
            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _length += n;
                return n;
            }
            EndMember();
        }
    }

    private void StartMember()
    {
        _member++;
        long at = _source.Offset;
        Span<byte> header = stackalloc byte[10];
        if (_source.ReadUpTo(header) < 10)
            throw new InvalidDataException($"the file is truncated: gzip member {_member} (at byte {at}) has an incomplete header");
        if (header[0] != 0x1f || header[1] != 0x8b)
            throw new InvalidDataException($"bytes that are not gzip follow gzip member {_member - 1} (at byte {at})");
        if (header[2] != 8)
            throw new InvalidDataException($"gzip member {_member} uses compression method {header[2]}; only deflate (8) exists");
        byte flags = header[3];
        Span<byte> two = stackalloc byte[2];
        if ((flags & 4) != 0) // FEXTRA: a length, then that many bytes
        {
            if (_source.ReadUpTo(two) < 2) throw Truncated();
            Skip(BinaryPrimitives.ReadUInt16LittleEndian(two));
        }
        if ((flags & 8) != 0) SkipZeroTerminated();  // FNAME
        if ((flags & 16) != 0) SkipZeroTerminated(); // FCOMMENT
        if ((flags & 2) != 0) Skip(2);               // FHCRC
        _memberStart = _source.Offset;
        _crc.Reset();
        _length = 0;
        _deflate = new DeflateStream(_source, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Finds the member's trailer where its deflate data ends and checks it. The deflate stream reads
    /// ahead, so the end is searched backwards from what it consumed: the trailer is the 8 bytes equal to the
    /// CRC-32 and length just decompressed, followed by the end of the file or the next member's magic bytes.</summary>
    private void EndMember()
    {
        _deflate!.Dispose();
        _deflate = null;
        long consumed = _source.Offset;
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(expected[4..], unchecked((uint)_length));
        long from = Math.Max(_memberStart, consumed - RewindableSource.History);
        var window = _source.Peek(from, consumed + 10);
        long firstMatch = -1;
        for (int e = 0; e + 8 <= window.Length && from + e <= consumed; e++)
        {
            if (!window.Slice(e, 8).SequenceEqual(expected)) continue;
            var after = window[(e + 8)..];
            bool endOfFile = after.IsEmpty && _source.AtEnd(from + e + 8);
            if (endOfFile || (after.Length >= 2 && after[0] == 0x1f && after[1] == 0x8b))
            {
                _source.Rewind(from + e + 8);
                return;
            }
            if (firstMatch < 0) firstMatch = from + e;
        }
        // The trailer is there but not followed by another member: the next header check names those bytes.
        if (firstMatch >= 0)
        {
            _source.Rewind(firstMatch + 8);
            return;
        }
        throw Mismatch(_source.Peek(from, consumed + 10), from);
    }

    private InvalidDataException Mismatch(ReadOnlySpan<byte> window, long from)
    {
        // A trailer with the right length but another CRC: the data is damaged; otherwise the data ran out.
        uint length = unchecked((uint)_length);
        for (int e = window.Length - 8; e >= 0; e--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(window[(e + 4)..]) == length)
            {
                uint declared = BinaryPrimitives.ReadUInt32LittleEndian(window[e..]);
                return new InvalidDataException(
                    $"CRC mismatch in gzip member {_member}: the decompressed data has CRC-32 {_crc.GetCurrentHashAsUInt32():x8} but the trailer (at byte {from + e}) declares {declared:x8}: the file is corrupt");
            }
        return new InvalidDataException(
            $"the file is truncated: gzip member {_member} ends after {_length} decompressed bytes without its trailer (CRC-32 and length)");
    }

    private InvalidDataException Truncated() =>
        new($"the file is truncated inside the header of gzip member {_member}");

    private void Skip(int count)
    {
        Span<byte> one = stackalloc byte[1];
        for (int k = 0; k < count; k++)
            if (_source.ReadUpTo(one) < 1) throw Truncated();
    }

    private void SkipZeroTerminated()
    {
        Span<byte> one = stackalloc byte[1];
        do
        {
            if (_source.ReadUpTo(one) < 1) throw Truncated();
        } while (one[0] != 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _deflate?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// A forward stream over another that keeps the last <see cref="History"/> bytes it handed out, so that a
/// reader can step back over bytes it read too far (a deflate decoder's read-ahead) and can look ahead
/// without consuming. The inner stream is still read once, in order (it hashes the file).
/// </summary>
internal sealed class RewindableSource(Stream inner) : ReadOnlyForwardStream
{
    public const int History = 1 << 16;

    private byte[] _buffer = new byte[4 * History];
    private long _base;      // file offset of _buffer[0]
    private int _position;   // next byte to hand out
    private int _end;        // bytes of _buffer holding data
    private bool _innerDone;

    public long Offset => _base + _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position == _end && !Fill(_end + 1)) return 0;
        int n = Math.Min(buffer.Length, _end - _position);
        _buffer.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <summary>Reads up to buffer.Length bytes, fewer only at the end of the data.</summary>
    public int ReadUpTo(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>The bytes from file offset <paramref name="from"/> (no older than the history) up to
    /// <paramref name="to"/> or the end of the data, without consuming them.</summary>
    public ReadOnlySpan<byte> Peek(long from, long to)
    {
        Fill((int)Math.Min(to - _base, int.MaxValue / 2));
        int start = (int)(from - _base);
        return _buffer.AsSpan(start, Math.Max(0, (int)Math.Min(to - _base, _end) - start));
    }

    /// <summary>Whether the data ends at <paramref name="offset"/> (default: the current position).</summary>
    public bool AtEnd(long? offset = null)
    {
        int at = (int)((offset ?? Offset) - _base);
        return at >= _end && !Fill(at + 1);
    }

    /// <summary>Moves back (or forward within what was read) to a file offset.</summary>
    public void Rewind(long offset) => _position = (int)(offset - _base);

    /// <summary>Reads from the inner stream until the buffer holds <paramref name="end"/> bytes or the data ends;
    /// drops bytes older than the history first. False when no byte could be added.</summary>
    private bool Fill(int end)
    {
        if (_end >= end) return true;
        if (_innerDone) return false;
        int keep = Math.Max(0, _position - History);
        if (keep > 0)
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, _end - keep);
            _base += keep;
            _position -= keep;
            _end -= keep;
            end -= keep;
        }
        if (end > _buffer.Length) Array.Resize(ref _buffer, Math.Max(end, 2 * _buffer.Length));
        bool added = false;
        while (_end < end)
        {
            int n = inner.Read(_buffer.AsSpan(_end, _buffer.Length - _end));
            if (n == 0) { _innerDone = true; break; }
            _end += n;
            added = true;
        }
        return added || _end >= end;
    }
}
