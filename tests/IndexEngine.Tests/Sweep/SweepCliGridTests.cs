using IndexEngine.Core.Model;
using IndexEngine.Data.Sweep;
using IndexEngine.Tests.Support;

namespace IndexEngine.Tests.Sweep;

/// <summary>Grid files: how axes and named variants become variants, and every way a grid is refused (exit 2 naming where).</summary>
[TestFixture]
public sealed class SweepCliGridTests
{
    private static string WriteGrid(string json)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "grid.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void Axes_Are_Crossed_In_The_Order_Written_Then_Named_Variants_With_Set_First()
    {
        var grid = SweepGrid.Load(WriteGrid("""
            {
              "set": {"weighting.security_cap": 0.04},
              "axes": {"selection.count": [100, 150], "weighting.cfs_share": [0, 0.5, 1]},
              "variants": {"momentum-heavy": {"scoring.factor_weights.momentum": 0.4}}
            }
            """));
        Assert.That(grid.Variants.Select(v => v.Name), Is.EqualTo(new[]
        {
            "selection.count=100,weighting.cfs_share=0", "selection.count=100,weighting.cfs_share=0.5", "selection.count=100,weighting.cfs_share=1",
            "selection.count=150,weighting.cfs_share=0", "selection.count=150,weighting.cfs_share=0.5", "selection.count=150,weighting.cfs_share=1",
            "momentum-heavy",
        }));
        Assert.That(grid.Variants[4].Assignments, Is.EqualTo(new[] { "weighting.security_cap=0.04", "selection.count=150", "weighting.cfs_share=0.5" }));
        Assert.That(grid.Variants[6].Assignments, Is.EqualTo(new[] { "weighting.security_cap=0.04", "scoring.factor_weights.momentum=0.4" }));
        Assert.That(grid.Keys, Is.EqualTo(new[] { "weighting.security_cap", "selection.count", "weighting.cfs_share", "scoring.factor_weights.momentum" }));
        Assert.That(grid.ConfigPath, Is.Null, "no config: the built-in default");

        var variants = grid.Bind();
        Assert.That(variants[4].Config.Selection.Count, Is.EqualTo(150));
        Assert.That(variants[4].Config.Weighting.CfsShare, Is.EqualTo(0.5));
        Assert.That(variants[4].Config.Weighting.SecurityCap, Is.EqualTo(0.04));
    }

    [Test]
    public void Values_Are_Written_As_Set_Takes_Them_And_Names_Are_Folder_Safe()
    {
        var grid = SweepGrid.Load(WriteGrid("""
            {"axes": {"factors.value": [["earnings_yield", "book_to_price"], ["sales_to_price"]], "universe.rank_to": [null, 1e2]}}
            """));
        Assert.That(grid.Variants.Select(v => v.Name), Is.EqualTo(new[]
        {
            "factors.value=earnings_yield+book_to_price,universe.rank_to=null", "factors.value=earnings_yield+book_to_price,universe.rank_to=1e2",
            "factors.value=sales_to_price,universe.rank_to=null", "factors.value=sales_to_price,universe.rank_to=1e2",
        }));
        Assert.That(grid.Variants[1].Assignments, Is.EqualTo(new[] { "factors.value=earnings_yield,book_to_price", "universe.rank_to=1e2" }));
        Assert.That(SweepGrid.SafeName("a/b c:\"d\"é"), Is.EqualTo("a_b_c__d__"));
    }

    [Test]
    public void Config_Is_Resolved_Beside_The_Grid_First()
    {
        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "base.json"), """{"extends": "default.json", "selection": {"count": 120}}""");
        var gridPath = Path.Combine(dir, "grid.json");
        File.WriteAllText(gridPath, """{"config": "base.json", "variants": {"a": {"weighting.cfs_share": 1}}}""");
        var grid = SweepGrid.Load(gridPath);
        Assert.That(grid.ConfigPath, Is.EqualTo(Path.Combine(dir, "base.json")));
        Assert.That(grid.Bind()[0].Config.Selection.Count, Is.EqualTo(120));

        File.WriteAllText(gridPath, """{"config": "nowhere.json", "variants": {"a": {}}}""");
        var e = Assert.Throws<InputException>(() => SweepGrid.Load(gridPath))!;
        Assert.That(e.Message, Does.StartWith(gridPath + ": $.config: config file 'nowhere.json' not found"));
    }

    [TestCase("""{"set": {"selection.count": 100}}""", "$: expected \"axes\" or \"variants\"")]
    [TestCase("""{"axes": {"selection.count": []}}""", "$.axes.selection.count: expected a non-empty list of values")]
    [TestCase("""{"axes": {"selection.count": 100}}""", "$.axes.selection.count: expected a non-empty list of values")]
    [TestCase("""{"axes": {"selection.count": [true]}}""", "$.axes.selection.count[0]: expected a number, a string, null or a list")]
    [TestCase("""{"variants": {"a": {"selection.count": {"x": 1}}}}""", "$.variants.a.selection.count: expected a number, a string, null or a list")]
    [TestCase("""{"variants": {"a/b": {}}}""", "$.variants.a/b: a variant name is its folder name")]
    [TestCase("""{"variants": {".hidden": {}}}""", "$.variants..hidden: a variant name is its folder name")]
    [TestCase("""{"variants": {"a": 3}}""", "$.variants.a: expected an object of key: value")]
    [TestCase("""{"axes": {"selection.count": [1]}, "variant": {}}""", "$.variant: unknown member")]
    [TestCase("""{"config": 3, "variants": {"a": {}}}""", "$.config: expected a config file name")]
    [TestCase("""{"axes": {"universe.rule": ["x/y", "x_y"]}}""", "$: variants 1 and 2 have the same folder name 'universe.rule=x_y'")]
    [TestCase("""{"axes": {"universe.rule": ["Same"]}, "variants": {"universe.rule=same": {}}}""", "$: variants 1 and 2 have the same folder name")]
    public void Bad_Grid_Shape_Names_The_File_And_Json_Path(string json, string expected)
    {
        var path = WriteGrid(json);
        var e = Assert.Throws<InputException>(() => SweepGrid.Load(path))!;
        Assert.That(e.Message, Does.StartWith($"{path}: {expected}"));
    }

    [Test]
    public void Duplicate_Key_In_A_Grid_Names_Line_And_Column()
    {
        var path = WriteGrid("{\n  \"axes\": {\"selection.count\": [1]},\n  \"axes\": {}\n}\n");
        var e = Assert.Throws<InputException>(() => SweepGrid.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}:3: invalid JSON at column 3: key 'axes' is given twice in the same object (first on line 2)"));
    }

    [Test]
    public void Bad_Key_Or_Value_Names_The_Variant_And_The_Key()
    {
        var path = WriteGrid("""
            {"axes": {"selection.count": [100, 0]}, "variants": {"momentum-heavy": {"scoring.factor_weight.momentum": 0.4}}}
            """);
        var grid = SweepGrid.Load(path);
        var e = Assert.Throws<InputException>(() => grid.Bind())!;
        Assert.That(e.Message, Does.StartWith($"{path}: variant 'selection.count=0': config key 'selection.count'"));

        path = WriteGrid("""{"variants": {"momentum-heavy": {"scoring.factor_weight.momentum": 0.4}}}""");
        e = Assert.Throws<InputException>(() => SweepGrid.Load(path).Bind())!;
        Assert.That(e.Message, Is.EqualTo($"{path}: variant 'momentum-heavy': config key 'scoring.factor_weight.momentum': unknown key; did you mean 'scoring.factor_weights.momentum'?"));

        path = WriteGrid("""{"axes": {"data.unknown_ids": ["error", "ignore"]}}""");
        e = Assert.Throws<InputException>(() => SweepGrid.Load(path).Bind())!;
        Assert.That(e.Message, Does.StartWith($"{path}: variant 'data.unknown_ids=ignore': config key 'data.unknown_ids' differs"));
    }

    [Test]
    public void Bad_Grid_Through_The_Cli_Is_Exit_2_Naming_The_Variant_And_Writes_Nothing()
    {
        var path = WriteGrid("""{"variants": {"ok": {}, "bad-cap": {"weighting.security_cap": "lots"}}}""");
        var outDir = Path.Combine(TestPaths.NewTempDirectory(), "sweep");
        var run = Support.Cli.Run("sweep", "--universe", TestPaths.DefaultUniverse, "--grid", path, "--from", "2017-01-01", "--to", "2017-11-10", "--out", outDir);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain($"{path}: variant 'bad-cap': config key 'weighting.security_cap': expected a finite number, got 'lots'"));
        Assert.That(Directory.Exists(outDir), Is.False);
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(outDir)!), Is.Empty, "no staging folder or lock: nothing started");
    }

    [TestCase("0/3", 0, 3)]
    [TestCase("2/3", 2, 3)]
    [TestCase("0/1", 0, 1)]
    public void Shard_Spec_Counts_From_Zero(string text, int index, int count)
    {
        Assert.That(ShardSpec.Parse(text), Is.EqualTo(new ShardSpec(index, count)));
        var shard = ShardSpec.Parse(text);
        Assert.That(Enumerable.Range(0, 7).Where(shard.Runs), Is.EqualTo(Enumerable.Range(0, 7).Where(k => k % count == index)));
    }

    [TestCase("3/3")]
    [TestCase("1/0")]
    [TestCase("-1/3")]
    [TestCase("1")]
    [TestCase("a/b")]
    [TestCase("1/3/5")]
    [TestCase(" 1/3")]
    public void Bad_Shard_Spec_Is_Refused(string text)
    {
        var e = Assert.Throws<InputException>(() => ShardSpec.Parse(text))!;
        Assert.That(e.Message, Does.StartWith("option --shard: expected K/N with 0 <= K < N"));
    }

    [Test]
    public void Parallel_Below_One_Is_Exit_2()
    {
        var run = Support.Cli.Run("sweep", "--universe", TestPaths.DefaultUniverse, "--grid", WriteGrid("""{"variants": {"a": {}}}"""),
            "--from", "2017-01-01", "--to", "2017-11-10", "--parallel", "0", "--out", Path.Combine(TestPaths.NewTempDirectory(), "o"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.StdErr, Does.Contain("option --parallel: expected at least 1"));
    }
}
