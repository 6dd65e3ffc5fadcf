namespace IndexEngine.Data.Synthetic;

/// <summary>
/// How one GICS sector behaves in the synthetic market: its share of a US large/mid-cap universe (close
/// to the Russell 1000 around 2017), its risk and its fundamentals. The numbers are stylised from the
/// broad US market of the 2010s, not fitted to any data set.
/// </summary>
public sealed record SectorProfile(
    string Name,
    double Share,
    double Beta,
    double FactorVol,
    double VolMultiplier,
    double EarningsYield,
    double BookToPrice,
    double SalesToPrice,
    double DividendPayerShare,
    double DividendYield,
    double Roe,
    double AssetsToEquityLow,
    double AssetsToEquityHigh,
    string[] NameWords)
{
    public static IReadOnlyList<SectorProfile> UsLargeMidCap { get; } =
    [
        new("Information Technology", 0.14, 1.15, 0.12, 1.10, 0.040, 0.20, 0.25, 0.45, 0.012, 0.18, 1.4, 2.2,
            ["Systems", "Software", "Semiconductor", "Networks", "Technologies", "Data", "Devices", "Cloud"]),
        new("Health Care", 0.12, 0.90, 0.10, 1.10, 0.035, 0.25, 0.30, 0.45, 0.014, 0.15, 1.6, 2.6,
            ["Therapeutics", "Health", "Medical", "Biosciences", "Pharmaceuticals", "Diagnostics", "Genomics", "Care"]),
        new("Financials", 0.14, 1.10, 0.12, 0.95, 0.065, 0.75, 0.30, 0.85, 0.022, 0.10, 7.0, 12.0,
            ["Financial", "Bancorp", "Capital", "Insurance", "Holdings", "Trust", "Bankshares", "Asset Management"]),
        new("Consumer Discretionary", 0.13, 1.05, 0.09, 1.05, 0.050, 0.30, 0.90, 0.60, 0.016, 0.17, 1.8, 3.2,
            ["Retail", "Brands", "Motors", "Restaurants", "Leisure", "Apparel", "Homebuilders", "Outfitters"]),
        new("Industrials", 0.14, 1.05, 0.08, 0.95, 0.050, 0.30, 0.65, 0.75, 0.018, 0.16, 2.0, 3.4,
            ["Industries", "Aerospace", "Machinery", "Logistics", "Rail", "Engineering", "Controls", "Airlines"]),
        new("Consumer Staples", 0.05, 0.70, 0.07, 0.80, 0.045, 0.25, 0.70, 0.90, 0.026, 0.20, 2.0, 3.2,
            ["Foods", "Beverage", "Household", "Grocers", "Farms", "Brewing", "Personal Care"]),
        new("Energy", 0.05, 1.10, 0.20, 1.35, 0.030, 0.60, 0.90, 0.75, 0.030, 0.06, 1.8, 2.8,
            ["Energy", "Petroleum", "Oil & Gas", "Drilling", "Pipeline", "Resources", "Midstream"]),
        new("Utilities", 0.05, 0.45, 0.10, 0.70, 0.050, 0.55, 0.55, 0.97, 0.035, 0.10, 3.0, 4.0,
            ["Power", "Electric", "Utilities", "Water", "Gas & Electric", "Energy Services"]),
        new("Real Estate", 0.07, 0.75, 0.11, 0.85, 0.035, 0.55, 0.20, 0.95, 0.038, 0.08, 1.8, 2.8,
            ["Realty", "Properties", "Residential", "Office Trust", "Storage", "Lodging Trust", "Towers"]),
        new("Materials", 0.06, 1.05, 0.10, 1.10, 0.050, 0.40, 0.70, 0.80, 0.022, 0.13, 1.9, 3.0,
            ["Materials", "Chemicals", "Mining", "Steel", "Paper", "Packaging", "Minerals"]),
        new("Communication Services", 0.05, 0.90, 0.10, 1.05, 0.045, 0.35, 0.45, 0.50, 0.020, 0.14, 2.0, 3.5,
            ["Communications", "Media", "Telecom", "Entertainment", "Interactive", "Broadcasting", "Wireless"]),
    ];
}
