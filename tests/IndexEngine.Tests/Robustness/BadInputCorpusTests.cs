using System.Text;
using System.Text.RegularExpressions;
using IndexEngine.Cli;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Robustness;

/// <summary>
/// A corpus of broken inputs, generated from <see cref="BaseUniverse"/> by breaking one thing per case, run
/// through the real `rebalance` command. A rejected case must exit 2 with exactly one error line that
/// says where the problem is (file:line column, the config key or the option), no stack trace, and no
/// output folder. An accepted case must produce exactly what a documented equivalent input produces.
/// Data-layer details (every number and date form, line counting) are covered by the loader tests in
/// Data/; this corpus checks what a user of the command sees.
/// </summary>
[TestFixture]
public sealed class BadInputCorpusTests
{
    /// <summary>What a case works on: a copy of the base universe, a folder for configs, and the arguments.</summary>
    public sealed class CaseContext
    {
        public CaseContext(string root)
        {
            Root = root;
            Universe = new UniverseCopy(Path.Combine(root, "universe"));
            BaseUniverse.CopyTo(Universe.Path);
            Out = Path.Combine(root, "runs", "out");
        }

        public string Root { get; }
        public UniverseCopy Universe { get; }

        /// <summary>Arguments after --universe and --out; starts as <see cref="BaseUniverse.Args"/>.</summary>
        public List<string> Args { get; set; } = [.. BaseUniverse.Args];

        /// <summary>The universe folder passed to --universe (a case may point it elsewhere).</summary>
        public string UniversePath { get; set; } = "";

        /// <summary>The --out folder; its parent holds nothing else unless a case puts something there.</summary>
        public string Out { get; set; }

        /// <summary>Writes a config file beside the universe and passes it with --config (instead of the --set overrides).</summary>
        public string Config(string json)
        {
            var path = Path.Combine(Root, "config.json");
            File.WriteAllText(path, json);
            Args = ["--config", path];
            return path;
        }
    }

    public sealed record RejectedCase(string Name, Action<CaseContext> Arrange, string Location, string Reason);

    /// <summary>
    /// Accepted input. The reference run starts from the unmodified base universe with the case's final
    /// arguments and applies <paramref name="ArrangeReference"/>; both runs must write the same bytes
    /// (only the input files' hashes in summary.json may differ), or the same bytes of <paramref name="Files"/>,
    /// after <paramref name="NormaliseOutput"/> has been applied to the text of the case's output files.
    /// </summary>
    public sealed record AcceptedCase(
        string Name, Action<CaseContext> Arrange, Action<CaseContext>? ArrangeReference = null,
        string[]? Files = null, Action<CliResult, string>? Check = null, Func<string, string>? NormaliseOutput = null);

    private const string Prices = "prices.csv", Securities = "securities.csv", Metrics = "metrics.csv";

    /// <summary>A price row early in the file (about the fifth trading day) that the cases edit.</summary>
    private const int PriceLine = 1001;

    /// <summary>A price row in the last week (2017-03-27), inside the price window a rebalance as of the last date
    /// loads: a price's values are checked only there (docs/data-inputs.md, "Windowed loading").</summary>
    private const int WindowPriceLine = 75001;

    private const string ConfigBase = """
        {
          "extends": "default.json",
          "universe": { "size": 200 },
          "selection": { "count": 50 }
        """;

    private static string ConfigWith(string extra) => ConfigBase + ",\n  " + extra + "\n}\n";

    public static IEnumerable<TestCaseData> RejectedCases() => Rejected().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    public static IEnumerable<TestCaseData> AcceptedCases() => Accepted().Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    private static IEnumerable<RejectedCase> Rejected()
    {
        foreach (var file in new[] { Securities, Metrics, Prices })
            yield return new($"empty {file}", c => c.Universe.WriteText(file, ""), $"{file}:1: ", "the file is empty");
        yield return new("securities.csv header only", c => c.Universe.WriteLines(Securities, c.Universe.Lines(Securities).Take(1)),
            "securities.csv:2: ", "no securities");
        yield return new("prices.csv header only", c => c.Universe.WriteLines(Prices, c.Universe.Lines(Prices).Take(1)),
            "prices.csv:2: ", "no prices");
        yield return new("metrics.csv header only (no fundamentals: nobody has a score)",
            c => c.Universe.WriteLines(Metrics, c.Universe.Lines(Metrics).Take(1)),
            "scoring.min_factors", "no member of the starting universe has a Composite Factor Score");
        yield return new("missing metrics file", c => File.Delete(c.Universe.File(Metrics)), "metrics.csv: ", "missing metrics file");
        yield return new("both prices.csv and prices.csv.gz", c => Gzip.Compress(c.Universe.Bytes(Prices), c.Universe.File(Prices + ".gz")),
            "prices.csv: ", "both prices.csv and prices.csv.gz exist");
        yield return new("universe folder does not exist", c => c.UniversePath = Path.Combine(c.Root, "nowhere"),
            "nowhere: ", "universe folder not found");

        yield return new("missing column close", c => c.Universe.MapLines(Prices, (l, _) => DropField(l, 2)),
            "prices.csv:1 column 'close'", "missing column 'close'");
        yield return new("renamed column sector -> gics_sector", c => c.Universe.MapLines(Securities, (l, n) => n == 1 ? l.Replace(",sector,", ",gics_sector,") : l),
            "securities.csv:1 column 'sector'", "missing column 'sector'");
        yield return new("duplicated column roe", c => c.Universe.MapLines(Metrics, (l, _) => l + "," + CsvLine.Split(l)[5]),
            "metrics.csv:1 column 'roe'", "duplicated column name");
        yield return new("metric column a factor uses is absent (roe dropped)", c => c.Universe.MapLines(Metrics, (l, _) => DropField(l, 5)),
            "config key 'factors.quality'", "metric 'roe' is neither a computed metric");
        yield return new("row with a field missing", c => c.Universe.MapLines(Prices, (l, n) => n == PriceLine ? DropField(l, 4) : l),
            $"prices.csv:{PriceLine} column 'dividend'", "the row has 4 fields but the header has 5");

        yield return new("close NaN", c => c.Universe.SetField(Prices, WindowPriceLine, "close", "NaN"),
            $"prices.csv:{WindowPriceLine} column 'close'", "expected a finite number");
        yield return new("metric Inf", c => c.Universe.SetField(Metrics, 21, "roe", "Inf"),
            "metrics.csv:21 column 'roe'", "expected a finite number");
        yield return new("market_cap 1e999", c => c.Universe.SetField(Securities, 31, "market_cap", "1e999"),
            "securities.csv:31 column 'market_cap'", "expected a finite number");
        yield return new("negative close", c => c.Universe.SetField(Prices, WindowPriceLine, "close", "-12.5"),
            $"prices.csv:{WindowPriceLine} column 'close'", "close must be positive");
        yield return new("zero close", c => c.Universe.SetField(Prices, WindowPriceLine, "close", "0"),
            $"prices.csv:{WindowPriceLine} column 'close'", "close must be positive");
        yield return new("non-ISO date 01/08/2016", c => c.Universe.SetField(Prices, PriceLine, "date", "01/08/2016"),
            $"prices.csv:{PriceLine} column 'date'", "expected a date as yyyy-MM-dd");
        yield return new("impossible date 2017-02-30", c => c.Universe.SetField(Prices, PriceLine, "date", "2017-02-30"),
            $"prices.csv:{PriceLine} column 'date'", "expected a date as yyyy-MM-dd (a real calendar day), got '2017-02-30'");
        yield return new("quoted close with a line break", c => c.Universe.SetField(Prices, WindowPriceLine, "close", "\"12\n5\""),
            $"prices.csv:{WindowPriceLine} column 'close'", "expected a finite number");
        yield return new("quote never closed", c => c.Universe.SetField(Securities, 6, "name", "\"Unclosed Inc"),
            "securities.csv:6 column 'name': ", "malformed CSV");
        yield return new("duplicate id holding a line break", c =>
        {
            c.Universe.SetField(Securities, 10, "id", "\"S\nX\"");
            c.Universe.SetField(Securities, 12, "id", "\"S\nX\"");
        }, "securities.csv:12 column 'id'", "duplicate id 'S\\nX' (first on line 10)");
        yield return new("empty id", c => c.Universe.SetField(Prices, PriceLine, "id", ""),
            $"prices.csv:{PriceLine} column 'id'", "id is required");

        yield return new("duplicate id in securities", c => c.Universe.SetField(Securities, 11, "id", c.Universe.Field(Securities, 10, "id")),
            "securities.csv:11 column 'id'", "duplicate id");
        yield return new("duplicate id in metrics", c => c.Universe.SetField(Metrics, 11, "id", c.Universe.Field(Metrics, 10, "id")),
            "metrics.csv:11 column 'id'", "duplicate id");
        yield return new("duplicate (date, id) price", c => c.Universe.MapLines(Prices, (l, n) => n == WindowPriceLine ? l + "\n" + l : l),
            $"prices.csv:{WindowPriceLine + 1} column 'id'", $"(first on line {WindowPriceLine})");
        yield return new("id unknown to the security master in prices", c => c.Universe.SetField(Prices, PriceLine, "id", "ZZ999"),
            $"prices.csv:{PriceLine} column 'id'", "id 'ZZ999' is not in securities.csv");
        yield return new("id unknown to the security master in metrics", c => c.Universe.SetField(Metrics, 40, "id", "ZZ999"),
            "metrics.csv:40 column 'id'", "id 'ZZ999' is not in securities.csv");

        yield return new("truncated prices.csv.gz", c =>
        {
            var gz = c.Universe.Compress(Prices);
            var bytes = File.ReadAllBytes(gz);
            File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        }, "prices.csv.gz: ", "truncated");
        yield return new("corrupt prices.csv.gz", c =>
        {
            var gz = c.Universe.Compress(Prices);
            var bytes = File.ReadAllBytes(gz);
            for (int k = bytes.Length / 3; k < bytes.Length / 3 + 64; k++) bytes[k] ^= 0xA5;
            File.WriteAllBytes(gz, bytes);
        }, "prices.csv.gz: ", "gzip");
        yield return new("non-UTF-8 byte in a name", c => c.Universe.WriteBytes(Securities, InsertByte(c.Universe.Bytes(Securities), line: 6, 0xE9)),
            "securities.csv:6 column 'name'", "not valid UTF-8");
        yield return new("50 MB line", c => WriteLongLine(c.Universe, Prices, PriceLine, 50 << 20),
            $"prices.csv:{PriceLine}: ", "the line is longer than 1 MiB");

        yield return new("config file with an unknown key", c => c.Config(ConfigWith("\"weighting\": { \"security_cap\": 0.05, \"sectr_cap\": 0.3 }")),
            "config key 'weighting.sectr_cap'", "unknown key");
        yield return new("config: negative selection.count", c => c.Config(ConfigBase.Replace("\"count\": 50", "\"count\": -5") + "\n}\n"),
            "config key 'selection.count'", "-5");
        yield return new("config: security cap below 1/N", c => c.Config(ConfigWith("\"weighting\": { \"security_cap\": 0.01 }")),
            "config key 'weighting.security_cap'", "need cap >= 0.02");
        yield return new("config: security cap below 1/N of a fractional selection", c => c.Config(ConfigWith("\"weighting\": { \"security_cap\": 0.01 }").Replace("\"count\": 50", "\"count\": 200, \"fraction\": 0.25")),
            "config key 'weighting.security_cap'", "need cap >= 0.02");
        yield return new("config: factor weights summing to 0", c => c.Config(ConfigWith(
                "\"scoring\": { \"factor_weights\": { \"value\": 0, \"quality\": 0, \"momentum\": 0, \"low_correlation\": 0 } }")),
            "config key 'scoring.factor_weights'", "factor weights sum to 0");
        yield return new("config: a number given as text", c => c.Config(ConfigWith("\"levels\": { \"base_value\": \"100\" }")),
            "config key 'levels.base_value'", "");
        yield return new("config: invalid JSON on line 3", c => c.Config("{\n  \"extends\": \"default.json\",\n  \"selection\": { count: 50 }\n}\n"),
            "config.json:3: ", "invalid JSON");
        yield return new("config: top level is a list", c => c.Config("[1, 2]\n"),
            "config.json: ", "expected a JSON object");
        yield return new("config file does not exist", c => c.Args = ["--config", Path.Combine(c.Root, "missing.json")],
            "missing.json: ", "config file not found");
        yield return new("--set data.unknown_ids=maybe", c => c.Args.AddRange(["--set", "data.unknown_ids=maybe"]),
            "config key 'data.unknown_ids'", "expected error or ignore");

        // Issue 14: no internal error for the user's fault, and errors that help.
        yield return new("config: a key given twice", c => c.Config("{\n  \"extends\": \"default.json\",\n  \"selection\": { \"count\": 50,\n    \"count\": 60 }\n}\n"),
            "config.json:4: ", "invalid JSON at column 5: key 'count' is given twice in the same object (first on line 3)");
        yield return new("config: invalid JSON names the column", c => c.Config("{\n  \"extends\": \"default.json\",\n  \"selection\": { \"count\": x }\n}\n"),
            "config.json:3: ", "invalid JSON at column 27: 'x' is an invalid start of a value.");
        yield return new("--set technical.window=100000000", c => c.Args.AddRange(["--set", "technical.window=100000000"]),
            "config key 'technical.window'", "expected an integer <= 25200, got 100000000");
        yield return new("--set with a mistyped key suggests the nearest", c => c.Args.AddRange(["--set", "selection.cuont=60"]),
            "config key 'selection.cuont'", "unknown key; did you mean 'selection.count'?");
        yield return new("--set key value (a space instead of =)", c => c.Args.AddRange(["--set", "selection.count", "60"]),
            "option --set", "needs '=' between key and value, with no space: --set selection.count=60");
        yield return new("a plain CSV named prices.csv.gz", c => File.Move(c.Universe.File(Prices), c.Universe.File(Prices + ".gz")),
            "prices.csv.gz: ", "not gzip data although the name ends in .gz (a gzip file starts with the bytes 1f 8b): a plain CSV must be named prices.csv");
        yield return new("prices.csv.gz with a bad CRC", c =>
        {
            var gz = c.Universe.Compress(Prices);
            var bytes = File.ReadAllBytes(gz);
            bytes[^8] ^= 0x01; // the trailer's CRC-32
            File.WriteAllBytes(gz, bytes);
        }, "prices.csv.gz: ", "CRC mismatch in gzip member 1");
        yield return new("second gzip member cut off", c =>
        {
            var lines = c.Universe.Lines(Prices);
            var gz = c.Universe.File(Prices + ".gz");
            Gzip.Compress(Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(5000)) + "\n"), gz);
            var second = c.Universe.File("second.gz");
            Gzip.Compress(Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(5000)) + "\n"), second);
            var tail = File.ReadAllBytes(second);
            using (var append = new FileStream(gz, FileMode.Append)) append.Write(tail.AsSpan(0, tail.Length / 2));
            File.Delete(second);
            File.Delete(c.Universe.File(Prices));
        }, "prices.csv.gz: ", "the file is truncated: gzip member 2 ends");
        yield return new("--previous x.csv when only x.csv.gz exists", c =>
        {
            Gzip.Compress(Encoding.UTF8.GetBytes("id,weight\n"), Path.Combine(c.Root, "current.csv.gz"));
            c.Args.AddRange(["--previous", Path.Combine(c.Root, "current.csv")]);
        }, "current.csv: ", "current.csv.gz exists beside it: did you mean");
        yield return new("--benchmark x.csv.gz when only x.csv exists", c =>
        {
            File.WriteAllText(Path.Combine(c.Root, "bench.csv"), "date,close\n");
            c.Args.AddRange(["--benchmark", Path.Combine(c.Root, "bench.csv.gz")]);
        }, "bench.csv.gz: ", "bench.csv exists beside it: did you mean");

        yield return new("--out inside a file", c =>
        {
            File.WriteAllText(Path.Combine(c.Root, "a-file"), "x");
            c.Out = Path.Combine(c.Root, "a-file", "out");
        }, "a-file/out: --out: cannot create the folder that holds the output", "already exists");
        yield return new("--out is a file", c =>
        {
            c.Out = Path.Combine(c.Root, "a-file");
            File.WriteAllText(c.Out, "x");
        }, "a-file: ", "--out names a file, not a folder");
        yield return new("--as-of after the data", c => c.Args.AddRange(["--as-of", "2030-01-02"]),
            "--as-of 2030-01-02", "is outside the price data (2016-01-04..2017-03-31)");
        yield return new("--as-of before the data", c => c.Args.AddRange(["--as-of", "2015-06-30"]),
            "--as-of 2015-06-30", "is outside the price data");
        yield return new("--as-of an impossible date", c => c.Args.AddRange(["--as-of", "2017-02-30"]),
            "option --as-of", "expected a date yyyy-MM-dd, got '2017-02-30'");
        yield return new("universe too small to fill the selection (40 securities)", c =>
        {
            var kept = c.Universe.Lines(Securities).Skip(1).Take(40).Select(l => CsvLine.Split(l)[0]).ToHashSet(StringComparer.Ordinal);
            c.Universe.KeepLines(Securities, (l, n) => n == 1 || kept.Contains(CsvLine.Split(l)[0]));
            c.Universe.KeepLines(Metrics, (l, n) => n == 1 || kept.Contains(CsvLine.Split(l)[0]));
            c.Universe.KeepLines(Prices, (l, n) => n == 1 || kept.Contains(CsvLine.Split(l)[1]));
        }, "selection.count", "universe too small to fill the selection: 50 securities requested");
    }

    private static IEnumerable<AcceptedCase> Accepted()
    {
        yield return new("UTF-8 byte order mark on every file", c =>
        {
            foreach (var f in new[] { Securities, Metrics, Prices }) c.Universe.WriteBytes(f, [0xEF, 0xBB, 0xBF, .. c.Universe.Bytes(f)]);
        });
        yield return new("CRLF line ends on every file", c =>
        {
            foreach (var f in new[] { Securities, Metrics, Prices }) c.Universe.WriteText(f, File.ReadAllText(c.Universe.File(f)).Replace("\n", "\r\n"));
        });
        yield return new("every field quoted", c =>
        {
            foreach (var f in new[] { Securities, Metrics, Prices })
                c.Universe.MapLines(f, (l, _) => string.Join(",", CsvLine.Split(l).Select(CsvLine.Quote)));
        });
        yield return new("blank lines between and after rows", c =>
        {
            c.Universe.MapLines(Prices, (l, n) => n % 997 == 0 ? l + "\n" : l);
            c.Universe.WriteText(Securities, File.ReadAllText(c.Universe.File(Securities)) + "\n\n");
        });
        yield return new("unused and unknown columns, columns in another order", c =>
        {
            c.Universe.MapLines(Securities, (l, n) => string.Join(",", CsvLine.Split(l).Select(CsvLine.Escape).Reverse()) + (n == 1 ? ",note" : ",\"x, y\""));
            c.Universe.MapLines(Metrics, (l, _) => DropField(l, 4)); // dividend_yield: not used by the default factors
        });
        yield return new("multi-member prices.csv.gz (gzip >> prices.csv.gz) reads as the concatenated text", c =>
        {
            var lines = c.Universe.Lines(Prices);
            var gz = c.Universe.File(Prices + ".gz");
            Gzip.Compress(Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(5000)) + "\n"), gz);
            var second = c.Universe.File("second.gz");
            Gzip.Compress(Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(5000)) + "\n"), second);
            using (var append = new FileStream(gz, FileMode.Append)) append.Write(File.ReadAllBytes(second));
            File.Delete(second);
            File.Delete(c.Universe.File(Prices));
        });
        yield return new("factor weights of 1e308 each select and weight as 0.25 each",
            c => c.Args.AddRange(FactorWeights("1e308")),
            r => r.Args = [.. r.Args.Take(BaseUniverse.Args.Length), .. FactorWeights("0.25")],
            Files: ["constituents.csv"]);
        yield return new("-0 reads exactly as 0",
            c => { c.Universe.SetField(Metrics, 21, "roe", "-0"); c.Universe.SetField(Prices, PriceLine, "dividend", "-0.0"); },
            r => { r.Universe.SetField(Metrics, 21, "roe", "0"); r.Universe.SetField(Prices, PriceLine, "dividend", "0"); });

        // The reference keeps the original name: the outputs must be the same once the name is mapped back,
        // i.e. the new name is written (CSV-quoted where needed) wherever the old one was, and nothing else changes.
        var longName = "Acme, \"The Best\" Holdings";
        string? originalName = null;
        yield return new("a name with commas and quotes",
            c => originalName = RenameTopConstituent(c, longName),
            Check: (_, output) =>
            {
                var rows = OutputFiles.ReadCsv(Path.Combine(output, "constituents.csv"));
                Assert.That(rows[0]["name"], Is.EqualTo(longName), "read back from the quoted CSV field");
            },
            NormaliseOutput: text => text.Replace(CsvLine.Quote(longName), CsvLine.Escape(originalName!), StringComparison.Ordinal)
                .Replace(longName, originalName!, StringComparison.Ordinal));

        // The effective date is a fact of the schedule, read off the whole calendar (docs/methodology-decisions.md):
        // without the later dates it is the same second Friday, only marked as estimated.
        yield return new("prices after --as-of are ignored",
            c => c.Args.AddRange(["--as-of", "2017-02-28"]),
            r => r.Universe.KeepLines(Prices, (l, n) => n == 1 || string.CompareOrdinal(l[..10], "2017-02-28") <= 0),
            NormaliseOutput: text => text
                .Replace("\"effective_date_estimated\": false", "\"effective_date_estimated\": true", StringComparison.Ordinal)
                .Replace("Effective date 2017-03-10:", "Effective date 2017-03-10 (estimated from weekdays: the price data ends before it):", StringComparison.Ordinal));
        yield return new("--as-of on a Saturday screens the Friday before",
            c => c.Args.AddRange(["--as-of", "2017-02-25"]),
            r => r.Args[^1] = "2017-02-24",
            Files: ["constituents.csv", "scores.csv"],
            Check: (run, _) => Assert.That(run.StdErr, Does.Contain("--as-of 2017-02-25 is not a trading day; screening on 2017-02-24")));
        yield return new("ids unknown to the security master with data.unknown_ids=ignore",
            c =>
            {
                c.Args.AddRange(["--set", "data.unknown_ids=ignore"]);
                var prices = c.Universe.Lines(Prices);
                c.Universe.WriteLines(Prices, [.. prices, "2016-06-01,ZZ999,10,1000000,", "2017-03-31,ZZ999,11,1000000,"]);
                var metrics = c.Universe.Lines(Metrics);
                c.Universe.WriteLines(Metrics, [metrics[0], "ZZ999" + new string(',', metrics[0].Count(ch => ch == ',')), .. metrics.Skip(1)]);
            });
    }

    [TestCaseSource(nameof(RejectedCases))]
    public void Rejected(RejectedCase testCase)
    {
        var context = Arrange(testCase.Arrange, "rejected");
        var outParent = Path.GetDirectoryName(context.Out)!;
        var before = Entries(outParent);
        var run = Runs.Rebalance(context.UniversePath, context.Out, context.Args);

        Assert.That(run.ExitCode, Is.EqualTo(CliApp.BadInput), run.ToString());
        var errors = LogLines(run).Where(l => l.Level is "ERR" or "FTL").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Has.Count.EqualTo(1), run.ToString());
            Assert.That(run.StdErr, Does.Not.Contain("   at "), "no stack trace for bad input");
            Assert.That(Directory.Exists(context.Out), Is.False, "no output folder for a failed run");
            Assert.That(Entries(outParent), Is.EquivalentTo(before), "nothing created or left behind beside --out");
        }
        Assert.That(errors[0].Message, Does.Contain(testCase.Location).And.Contain(testCase.Reason), run.ToString());
        TestContext.Out.WriteLine(errors[0].Message);
    }

    [TestCaseSource(nameof(AcceptedCases))]
    public void Accepted(AcceptedCase testCase)
    {
        var context = Arrange(testCase.Arrange, "accepted");
        var run = Runs.Rebalance(context.UniversePath, context.Out, context.Args);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());

        var reference = new CaseContext(RobustnessTemp.NewFolder("reference")) { Args = [.. context.Args] };
        reference.UniversePath = reference.Universe.Path;
        testCase.ArrangeReference?.Invoke(reference);
        var referenceRun = Runs.Rebalance(reference.UniversePath, reference.Out, reference.Args);
        Assert.That(referenceRun.ExitCode, Is.EqualTo(CliApp.Success), referenceRun.ToString());

        testCase.Check?.Invoke(run, context.Out);
        if (testCase.NormaliseOutput is { } normalise)
            foreach (var file in Directory.GetFiles(context.Out))
                File.WriteAllText(file, normalise(File.ReadAllText(file)));
        if (testCase.Files is null)
            Runs.AssertSameOutput(reference.Out, context.Out, ignoreInputIdentity: true, testCase.Name);
        else
            foreach (var file in testCase.Files)
                Assert.That(File.ReadAllBytes(Path.Combine(context.Out, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(reference.Out, file))), file);
    }

    private static string[] FactorWeights(string weight) =>
        [.. new[] { "value", "quality", "momentum", "low_correlation" }.SelectMany(f => new[] { "--set", $"scoring.factor_weights.{f}={weight}" })];

    private static string[] Entries(string folder) => Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];

    private static CaseContext Arrange(Action<CaseContext> arrange, string hint)
    {
        var context = new CaseContext(RobustnessTemp.NewFolder(hint));
        context.UniversePath = context.Universe.Path;
        arrange(context);
        return context;
    }

    private sealed record LogLine(string Level, string Message);

    private static readonly Regex LogLinePattern = new(@"^\[\d\d:\d\d:\d\d (VRB|DBG|INF|WRN|ERR|FTL)\] (.*)$", RegexOptions.CultureInvariant);

    /// <summary>The log events of a run; a line that is not an event (a stack trace, a message spilling over
    /// several lines) fails the test, since an error must be one line.</summary>
    private static List<LogLine> LogLines(CliResult run)
    {
        var lines = new List<LogLine>();
        foreach (var line in run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = LogLinePattern.Match(line.TrimEnd('\r'));
            if (!m.Success) Assert.Fail($"stderr line is not a log event: '{line}'\n{run}");
            lines.Add(new LogLine(m.Groups[1].Value, m.Groups[2].Value));
        }
        return lines;
    }

    private static string DropField(string line, int index)
    {
        var fields = CsvLine.Split(line);
        fields.RemoveAt(index);
        return string.Join(",", fields.Select(CsvLine.Escape));
    }

/// <summary>Inserts a byte after the first character of the second field (the name) of a line.</summary>
    private static byte[] InsertByte(byte[] file, int line, byte value)
    {
        int start = 0;
        for (int l = 1; l < line; l++) start = Array.IndexOf(file, (byte)'\n', start) + 1;
        int at = Array.IndexOf(file, (byte)',', start) + 2;
        return [.. file[..at], value, .. file[at..]];
    }

    /// <summary>Replaces a line by one of <paramref name="length"/> bytes (a date, an id, then digits),
    /// streamed to disk so that the test itself does not hold it in memory.</summary>
    private static void WriteLongLine(UniverseCopy universe, string name, int line, int length)
    {
        var lines = universe.Lines(name);
        using var file = File.Create(universe.File(name));
        using var writer = new StreamWriter(file, new UTF8Encoding(false)) { NewLine = "\n" };
        for (int k = 0; k < lines.Count; k++)
        {
            if (k != line - 1)
            {
                writer.WriteLine(lines[k]);
                continue;
            }
            writer.Write("2016-01-08,S0001,");
            var digits = new string('7', 1 << 16);
            for (int written = 0; written < length; written += digits.Length) writer.Write(digits);
            writer.WriteLine(",1000,");
        }
    }

    /// <summary>Gives the largest constituent of the base run a name that needs CSV quoting.</summary>
    private static string RenameTopConstituent(CaseContext context, string name)
    {
        var probe = RobustnessTemp.NewFolder("probe");
        var run = Runs.Rebalance(BaseUniverse.Path, Path.Combine(probe, "out"), BaseUniverse.Args);
        Assert.That(run.ExitCode, Is.EqualTo(CliApp.Success), run.ToString());
        var top = OutputFiles.ReadCsv(Path.Combine(probe, "out", "constituents.csv"))[0]["id"];
        int line = context.Universe.Lines(Securities).FindIndex(l => l.StartsWith(top + ",", StringComparison.Ordinal)) + 1;
        var original = context.Universe.Field(Securities, line, "name");
        context.Universe.SetField(Securities, line, "name", CsvLine.Quote(name));
        return original;
    }
}
