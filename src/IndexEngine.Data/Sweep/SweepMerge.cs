using IndexEngine.Core.Model;
using IndexEngine.Data.Output;

namespace IndexEngine.Data.Sweep;

/// <summary>
/// Joins the outputs of <c>sweep --shard K/N</c> runs (K = 0..N-1, each exactly once, all of the same sweep.json)
/// into the folder one unsharded run writes. Shard folders are only read.
/// </summary>
public static class SweepMerge
{
    /// <summary>Checks that the folders are every shard of one sweep and returns its description and sweep.json text.</summary>
    /// <exception cref="InputException">A folder is not a shard output, belongs to another grid or other inputs, is
    /// given twice or lacks a variant or file it lists; a shard is missing or given twice.</exception>
    public static (SweepDescription Description, string SweepJson) Check(IReadOnlyList<string> shardFolders)
    {
        if (shardFolders.Count == 0) throw new InputException("sweep merge: give the shard output folders to merge (SHARD_DIR...)");
        string? firstText = null, firstFolder = null;
        SweepDescription? description = null;
        var byIndex = new Dictionary<int, string>();
        int count = 0;
        foreach (var folder in shardFolders)
        {
            if (!Directory.Exists(folder)) throw new InputException("shard folder not found", folder);
            var (shard, sweepSha256, variants) = ShardSpec.Read(folder);
            var text = File.ReadAllText(Path.Combine(folder, SweepDescription.FileName));
            if (SweepDescription.Sha256(text) != sweepSha256)
                throw new InputException($"{SweepDescription.FileName} does not match the SHA-256 its {ShardSpec.FileName} records: the shard output was changed after it was written", folder);
            var own = SweepDescription.Read(folder);
            if (firstText is null)
            {
                (firstText, firstFolder, description, count) = (text, folder, own, shard.Count);
            }
            else
            {
                if (text != firstText)
                    throw new InputException($"a shard of a different sweep than {firstFolder}: {Difference(description!, own)}", folder);
                if (shard.Count != count)
                    throw new InputException($"shard {shard} of {shard.Count} shards, but {firstFolder} is one of {count}", folder);
            }
            if (shard.Index < 0 || shard.Index >= count) throw new InputException($"shard {shard} is out of range", folder);
            if (!byIndex.TryAdd(shard.Index, folder))
                throw new InputException($"shard {shard} is given twice: {byIndex[shard.Index]} and {folder}", folder);
            var expected = description!.Variants.Where((_, k) => shard.Runs(k)).Select(v => v.Name).ToArray();
            if (!expected.SequenceEqual(variants, StringComparer.Ordinal))
                throw new InputException($"{ShardSpec.FileName} lists other variants than shard {shard} of this grid has", folder);
            var listed = OutputManifest.ReadFiles(Path.Combine(folder, OutputManifest.FileName))
                ?? throw new InputException($"no manifest {OutputManifest.FileName} written by the engine: not a complete shard output", folder);
            foreach (var name in expected)
            {
                var variantFolder = Path.Combine(folder, SweepSummary.VariantsFolder, name);
                if (!Directory.Exists(variantFolder)) throw new InputException($"variant '{name}' of shard {shard} is missing", variantFolder);
                foreach (var (path, isFolder) in OutputGuard.Entries(variantFolder))
                    if (!isFolder && !listed.Contains($"{SweepSummary.VariantsFolder}/{name}/{path}"))
                        throw new InputException($"'{path}' is not in the shard's manifest: the shard output was changed after it was written", variantFolder);
            }
        }
        var missing = Enumerable.Range(0, count).Where(k => !byIndex.ContainsKey(k)).Select(k => $"{k}/{count}").ToArray();
        if (missing.Length > 0)
            throw new InputException($"sweep merge: shard{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing)} missing (given: {string.Join(", ", byIndex.Keys.Order().Select(k => $"{k}/{count}"))})");
        return (description!, firstText!);
    }

    /// <summary>Copies every shard's variant folders into <paramref name="target"/>'s <c>variants/</c>.</summary>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static void CopyVariants(IReadOnlyList<string> shardFolders, string target)
    {
        foreach (var folder in shardFolders)
            foreach (var name in ShardSpec.Read(folder).Variants)
            {
                var from = Path.Combine(folder, SweepSummary.VariantsFolder, name);
                var to = Path.Combine(target, SweepSummary.VariantsFolder, name);
                Directory.CreateDirectory(to);
                foreach (var (path, isFolder) in OutputGuard.Entries(from))
                {
                    if (isFolder) Directory.CreateDirectory(Path.Combine(to, path));
                    else File.Copy(Path.Combine(from, path), Path.Combine(to, path));
                }
            }
    }

    private static string Difference(SweepDescription a, SweepDescription b)
    {
        if (a.GridSha256 != b.GridSha256) return "its grid (variants, overrides or base config) differs";
        if (!a.Inputs.SequenceEqual(b.Inputs)) return "its input files differ (paths or SHA-256)";
        return $"its run differs (--from, --to, --universe, --benchmark or the grid's config path)";
    }
}
