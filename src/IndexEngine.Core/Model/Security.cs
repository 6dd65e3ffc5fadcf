namespace IndexEngine.Core.Model;

/// <summary>One row of the security master (METHODOLOGY §1). A missing market cap is NaN.</summary>
public sealed record Security(
    string Id,
    string Name,
    string Sector,
    string Country,
    string SecurityType,
    double MarketCap,
    string? Industry = null);
