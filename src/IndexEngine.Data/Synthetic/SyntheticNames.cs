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

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Company(SectorProfile sector, string country, string type)
    {
        while (true)
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
