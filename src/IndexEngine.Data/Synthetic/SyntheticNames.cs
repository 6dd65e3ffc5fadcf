namespace IndexEngine.Data.Synthetic;

/// <summary>Plausible made-up company names ("Cedarridge Therapeutics Inc"), unique within a universe.</summary>
internal sealed class SyntheticNames(Xoshiro256StarStar random)
{
    private static readonly string[] Prefixes =
    [
        "Apex", "Blue", "Cedar", "Delta", "Eagle", "Falcon", "Granite", "Harbor", "Iron", "Juniper", "Keystone",
        "Lake", "Maple", "North", "Oak", "Pioneer", "Quarry", "River", "Summit", "Titan", "Union", "Vista",
        "West", "Zenith", "Silver", "Golden", "Red", "Crescent", "Pacific", "Atlantic", "Prairie", "Liberty",
        "Beacon", "Cobalt", "Evergreen", "Frontier", "Highland", "Meridian", "Sterling", "Orchard",
    ];

    private static readonly string[] Roots =
    [
        "point", "ridge", "stone", "field", "bridge", "gate", "view", "wood", "crest", "line", "mark",
        "haven", "vale", "star", "well", "port", "land", "brook", "rock", "shore",
    ];

    /// <summary>Draws of a taken name before the generator stops drawing: far more than a universe of a few
    /// thousand ever needs (so that their names do not change), few enough to stay fast once a kind of name
    /// (e.g. an ETF per sector: 800 stems) is exhausted.</summary>
    internal const int MaxDraws = 200;

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextNumber = new(StringComparer.Ordinal);

    /// <summary>A name not given before. Once <see cref="MaxDraws"/> draws in a row are taken, the last
    /// draw gets the next free number ("... Inc 2"): the name space is finite, the universe need not be.</summary>
    public string Company(SectorProfile sector, string country, string type)
    {
        for (int draw = 1; ; draw++)
        {
            var stem = Prefixes[random.NextInt(Prefixes.Length)] + Roots[random.NextInt(Roots.Length)];
            var word = sector.NameWords[random.NextInt(sector.NameWords.Length)];
            var name = type switch
            {
                "etf" => $"{stem} {sector.Name} Select Sector ETF",
                "preferred" => $"{stem} {word} Pfd Series {(char)('A' + random.NextInt(4))}",
                "adr" => $"{stem} {word} {ForeignSuffix(country)} ADR",
                "tracking" => $"{stem} {word} Group - Series C Tracking",
                "reit" => $"{stem} {word} REIT Inc",
                _ when country != "US" => $"{stem} {word} {ForeignSuffix(country)}",
                // Some names carry a comma, as real ones do, so that the files exercise CSV quoting.
                _ => random.Chance(0.06) ? $"{stem} {word}, Inc." : $"{stem} {word} {UsSuffix()}",
            };
            if (_used.Add(name)) return name;
            if (draw < MaxDraws) continue;
            for (int number = _nextNumber.GetValueOrDefault(name, 2); ; number++)
            {
                var numbered = name + " " + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_used.Add(numbered)) continue;
                _nextNumber[name] = number + 1;
                return numbered;
            }
        }
    }

    private string UsSuffix() => random.NextInt(4) switch { 0 => "Corp", 1 => "Co", 2 => "Group", _ => "Inc" };

    private static string ForeignSuffix(string country) => country switch
    {
        "GB" or "IE" => "plc",
        "NL" => "N.V.",
        "DE" or "CH" => "AG",
        "FR" => "SA",
        _ => "Ltd",
    };
}
