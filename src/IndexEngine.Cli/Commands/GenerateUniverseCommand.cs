using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Output;
using IndexEngine.Data.Synthetic;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// <c>indexengine generate-universe --out DIR --seed N [--securities 1000] [--from DATE --to DATE]</c>:
/// writes a synthetic US large/mid-cap universe. The same arguments give byte-identical files.
/// </summary>
public static class GenerateUniverseCommand
{
    public static Command Create(TextWriter stdout)
    {
        var outOption = new Option<string>("--out", "-o") { Description = "Folder to write the universe to: a new or empty folder, or one the engine wrote (replaced atomically).", Required = true };
        var seedOption = new Option<ulong>("--seed") { Description = "Random seed (0..2^64-1); the same seed gives the same files.", Required = true };
        var securitiesOption = new Option<int>("--securities")
        {
            Description = $"Number of securities (at least {GeneratorOptions.MinSecurities}; securities x trading days at most {GeneratorOptions.MaxPriceCells:N0}).",
            DefaultValueFactory = _ => 1000,
        };
        var fromOption = new Option<string>("--from")
        {
            Description = "First calendar date, yyyy-MM-dd.",
            DefaultValueFactory = _ => Format(GeneratorOptions.DefaultFrom),
        };
        var toOption = new Option<string>("--to")
        {
            Description = "Last calendar date, yyyy-MM-dd.",
            DefaultValueFactory = _ => Format(GeneratorOptions.DefaultTo),
        };

        var datedOption = new Option<bool>("--dated-metrics")
        {
            Description = "Write point-in-time metrics (METHODOLOGY §11): quarterly snapshots with a date column and market caps.",
        };

        var command = new Command("generate-universe",
            "Write a synthetic universe (securities, metrics, prices) that behaves like the US large/mid-cap market.");
        command.Add(outOption);
        command.Add(seedOption);
        command.Add(securitiesOption);
        command.Add(fromOption);
        command.Add(toOption);
        command.Add(datedOption);
        command.SetAction(parse =>
        {
            var options = new GeneratorOptions
            {
                Seed = parse.GetValue(seedOption),
                Securities = parse.GetValue(securitiesOption),
                From = ParseDate("--from", parse.GetValue(fromOption)!),
                To = ParseDate("--to", parse.GetValue(toOption)!),
                DatedMetrics = parse.GetValue(datedOption),
            };
            if (options.From > options.To)
                throw new InputException($"--from {Format(options.From)} is after --to {Format(options.To)}");
            if (options.Securities < GeneratorOptions.MinSecurities)
                throw new InputException($"--securities must be at least {GeneratorOptions.MinSecurities}, got {options.Securities.ToString(CultureInfo.InvariantCulture)}");
            int tradingDays = NyseCalendar.TradingDays(options.From, options.To).Count;
            if (tradingDays < GeneratorOptions.MinTradingDays)
                throw new InputException(
                    $"--from {Format(options.From)} --to {Format(options.To)} has {tradingDays.ToString(CultureInfo.InvariantCulture)} trading days; at least {GeneratorOptions.MinTradingDays.ToString(CultureInfo.InvariantCulture)} are needed");
            long cells = (long)options.Securities * tradingDays;
            if (cells > GeneratorOptions.MaxPriceCells)
                throw new InputException(string.Create(CultureInfo.InvariantCulture,
                    $"--securities {options.Securities:N0} x {tradingDays:N0} trading days (--from {Format(options.From)} --to {Format(options.To)}) = {cells:N0} price cells; at most {GeneratorOptions.MaxPriceCells:N0} (what the loader reads back): use fewer securities or a shorter period"));

            var directory = parse.GetValue(outOption)!;
            var target = OutputTarget.Out("generate-universe", directory);
            OutputGuard.CheckFolder(target); // before the generator's work
            Log.Information("Generating {Securities} securities from {From} to {To} with seed {Seed}",
                options.Securities, Format(options.From), Format(options.To), options.Seed);
            var generated = UniverseGenerator.Generate(options);
            UniverseWriter.Write(target, generated.Universe);

            var u = generated.Universe;
            stdout.WriteLine($"Wrote {u.SecurityCount.ToString(CultureInfo.InvariantCulture)} securities x {u.DateCount.ToString(CultureInfo.InvariantCulture)} trading days ({Format(u.Dates[0])}..{Format(u.Dates[^1])}) to {directory}");
            foreach (var file in Directory.GetFiles(directory).Where(f => Path.GetFileName(f) != OutputManifest.FileName).Order(StringComparer.Ordinal))
            {
                using var stream = File.OpenRead(file);
                var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                stdout.WriteLine($"  {Path.GetFileName(file),-16} {stream.Length.ToString("N0", CultureInfo.InvariantCulture),12} bytes  sha256 {sha}");
            }
            return CliApp.Success;
        });
        return command;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string option, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputException($"{option}: expected a date as yyyy-MM-dd, got '{text}'");
}
