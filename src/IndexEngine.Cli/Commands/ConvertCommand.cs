using System.CommandLine;
using IndexEngine.Core.Configuration;
using IndexEngine.Core.Model;
using IndexEngine.Data;
using IndexEngine.Data.Output;
using IndexEngine.Data.Parquet;
using Serilog;

namespace IndexEngine.Cli.Commands;

/// <summary>
/// <c>indexengine convert --universe DIR --out DIR2 [--format parquet|csv]</c>: reads a universe with every input
/// check and writes it in the other format (or the one asked for). The universe read back from DIR2 has exactly
/// the same values: numbers are written in round-trip form (CSV) or as IEEE doubles (Parquet). Exit 0, or 2 on
/// bad input or a refused output folder.
/// </summary>
public static class ConvertCommand
{
    public static Command Create(TextWriter stdout)
    {
        var universeOption = new Option<string>("--universe", "-u")
        {
            Description = "Universe folder to read: securities, metrics and prices as .csv/.csv.gz or .parquet.",
            Required = true,
        };
        var outOption = new Option<string>("--out", "-o")
        {
            Description = "Folder to write: a new or empty folder, or one the engine wrote (replaced atomically).",
            Required = true,
        };
        var formatOption = new Option<string?>("--format")
        {
            Description = "parquet or csv (default: the format the universe is not in).",
        };
        formatOption.AcceptOnlyFromAmong("parquet", "csv");

        var command = new Command("convert", "Write a universe folder in the other format (CSV <-> Parquet), keeping every value exactly.");
        command.Add(universeOption);
        command.Add(outOption);
        command.Add(formatOption);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(universeOption)!;
            var target = OutputTarget.Out("convert", parse.GetValue(outOption)!, ("--universe", directory));
            OutputGuard.CheckFolder(target);
            var source = UniverseSources.Open(directory);
            var format = parse.GetValue(formatOption) ?? (source.Format == "csv" ? "parquet" : "csv");
            // Every row must survive the trip: an id not in the security master is an error here whatever the
            // config says, since dropping it would not be a conversion.
            var universe = source.Load(UnknownIdPolicy.Error);
            if (format == "parquet") ParquetUniverseWriter.Write(target, universe);
            else UniverseWriter.Write(target, universe);
            Log.Information("Converted {Universe} ({From}) to {Out} ({To}): {Securities} securities, {Days} trading days",
                directory, source.Format, target.Path, format, universe.SecurityCount, universe.DateCount);
            stdout.WriteLine($"wrote {format} universe to {target.Path}");
            return CliApp.Success;
        });
        return command;
    }
}
