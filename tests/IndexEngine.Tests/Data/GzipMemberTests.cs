using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using NUnit.Framework;

namespace IndexEngine.Tests.Data;

/// <summary>
/// Gzip input read member by member (RFC 1952): optional header fields, members smaller than the
/// decompressor's read-ahead, and the file's SHA-256 still taken over every stored byte once.
/// </summary>
[TestFixture]
public sealed class GzipMemberTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private static byte[] Member(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>The member with FEXTRA, FNAME, FCOMMENT and FHCRC set and filled in after the fixed 10-byte
    /// header, as `gzip` (the name) and other tools write them.</summary>
    private static byte[] WithEveryHeaderField(byte[] member)
    {
        byte[] extra = [4, 0, (byte)'a', (byte)'b', (byte)'c', (byte)'d'];
        byte[] name = [.. Encoding.ASCII.GetBytes("levels.csv"), 0];
        byte[] comment = [.. Encoding.ASCII.GetBytes("made by hand"), 0];
        byte[] headerCrc = [0x12, 0x34]; // not checked (gzip itself ignores it too)
        var header = member[..10];
        header[3] = 4 | 8 | 16 | 2;
        return [.. header, .. extra, .. name, .. comment, .. headerCrc, .. member[10..]];
    }

    [Test]
    public void Members_with_every_optional_header_field_and_tiny_members_read_as_one_text()
    {
        var lines = Enumerable.Range(0, 400).Select(k => $"{new DateOnly(2016, 1, 1).AddDays(k):yyyy-MM-dd},{100 + k * 0.25}").ToList();
        var plain = _folder.Write("levels.csv", "date,close\n" + string.Join("\n", lines) + "\n");

        // A header-only first member (a few bytes: the deflate read-ahead passes far beyond it into the
        // next), then one line per member for a while, then the rest with every optional header field.
        var bytes = new List<byte>(Member("date,close\n"));
        foreach (var line in lines.Take(20)) bytes.AddRange(Member(line + "\n"));
        bytes.AddRange(WithEveryHeaderField(Member(string.Join("\n", lines.Skip(20)) + "\n")));
        var gz = _folder.File("members.csv.gz");
        File.WriteAllBytes(gz, [.. bytes]);

        var expected = LevelSeriesLoader.Load(plain);
        var actual = LevelSeriesLoader.Load(gz, out var source);
        Assert.That(actual.Dates, Is.EqualTo(expected.Dates));
        Assert.That(actual.Values, Is.EqualTo(expected.Values));
        Assert.That(source.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()))), "every stored byte hashed once, in order");
    }

    [Test]
    public void Bytes_after_the_last_member_that_are_not_gzip_are_an_error()
    {
        var gz = _folder.File("garbage.csv.gz");
        File.WriteAllBytes(gz, [.. Member("date,close\n2017-01-03,1\n"), .. Encoding.ASCII.GetBytes("date,close\n")]);
        var error = Assert.Throws<InputException>(() => LevelSeriesLoader.Load(gz));
        Assert.That(error!.Message, Does.Contain("bytes that are not gzip follow gzip member 1"));
    }

    // The check value of CRC-32 (IEEE, reflected, as gzip uses) is that of the nine bytes "123456789": cbf43926.

    [Test]
    public void A_corrupted_trailer_CRC_is_reported_with_the_CRC_of_the_decompressed_data()
    {
        var member = Member("123456789");
        Assert.That(member[^4..], Is.EqualTo(new byte[] { 9, 0, 0, 0 }), "ISIZE: nine bytes");
        Assert.That(member[^8..^4], Is.EqualTo(new byte[] { 0x26, 0x39, 0xf4, 0xcb }), "the writer's CRC-32 is the check value");
        member[^8] = 0;
        member[^7] = 0;
        member[^6] = 0;
        member[^5] = 0;
        var gz = _folder.File("corrupt.csv.gz");
        File.WriteAllBytes(gz, member);
        var error = Assert.Throws<InputException>(() => LevelSeriesLoader.Load(gz));
        Assert.That(error!.Message, Does.Contain(
            $"CRC mismatch in gzip member 1: the decompressed data has CRC-32 cbf43926 but the trailer (at byte {member.Length - 8}) declares 00000000: the file is corrupt"));
    }

    [Test]
    public void The_deterministic_writer_puts_the_CRC_and_length_of_the_text_in_the_trailer()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new IndexEngine.Data.Csv.DeterministicGzipStream(buffer))
        {
            gzip.Write("1234"u8);
            gzip.Write("56789"u8); // the CRC runs on across writes
        }
        var bytes = buffer.ToArray();
        Assert.That(bytes[^8..], Is.EqualTo(new byte[] { 0x26, 0x39, 0xf4, 0xcb, 9, 0, 0, 0 }));
        using var read = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var text = new StreamReader(read);
        Assert.That(text.ReadToEnd(), Is.EqualTo("123456789"));
    }
}
