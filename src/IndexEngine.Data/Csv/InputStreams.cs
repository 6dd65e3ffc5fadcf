using System.Buffers.Binary;
using System.IO.Compression;
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
/// Decompresses gzip and checks that the data is complete. .NET's GZipStream verifies the CRC of a
/// complete member but silently returns a short result when the file is cut off, so the decompressed
/// length is compared with the ISIZE field in the file's last four bytes (length mod 2^32).
/// </summary>
internal sealed class CheckedGzipStream(Stream compressed, uint expectedLength) : ReadOnlyForwardStream
{
    /// <summary>The smallest gzip file: a 10-byte header, an empty deflate block and the 8-byte trailer.</summary>
    public const int MinimumFileLength = 20;

    private readonly GZipStream _gzip = new(compressed, CompressionMode.Decompress, leaveOpen: true);
    private uint _length;

    /// <summary>Reads ISIZE from the end of the file without moving the stream's position.</summary>
    public static uint ReadDeclaredLength(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[4];
        RandomAccess.Read(file.SafeFileHandle, trailer, file.Length - 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    public override int Read(Span<byte> buffer)
    {
        int n = _gzip.Read(buffer);
        if (n == 0 && buffer.Length > 0 && _length != expectedLength)
            throw new InvalidDataException(
                $"the decompressed data ends after {_length} bytes (mod 2^32) but the gzip trailer declares {expectedLength}: the file is truncated");
        _length = unchecked(_length + (uint)n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }
}
