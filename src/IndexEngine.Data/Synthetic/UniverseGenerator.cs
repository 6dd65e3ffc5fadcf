using System.Globalization;
using IndexEngine.Core.Model;

namespace IndexEngine.Data.Synthetic;

/// <summary>
/// Generates a synthetic universe that behaves like the US large/mid-cap market so that every rule of the
/// methodology has work to do: 11 GICS sectors, heavy-tailed market caps (~$1B to ~$3T), an NYSE calendar,
/// daily closes driven by market, sector and idiosyncratic returns (annual vols 15%..70%, volatility
/// clustering, jumps), quarterly dividends, and fundamentals with realistic spreads, negatives and gaps.
/// Some securities are built to fail each eligibility screen: non-US or non-common listings, illiquid
/// names (ADV under $1M), recent listings (short history) and missing market caps.
/// Pure: no I/O; the same options give the same universe on every machine.
/// </summary>
public static class UniverseGenerator
{
    public static readonly IReadOnlyList<string> MetricNames =
        ["earnings_yield", "book_to_price", "sales_to_price", "dividend_yield", "roe", "roa", "roe_change", "roa_change"];

    private const double TradingDaysPerYear = 252;
    private const double MarketVol = 0.15;
    private const double MarketDrift = 0.08;
    private const double MetricMissingShare = 0.025;
    private const double Ln10 = 2.302585092994046;

    // Random streams, one per purpose (see Xoshiro256StarStar).
    private const ulong LayoutStream = 1, MarketStream = 2, NameStream = 3, SectorStreamBase = 100;
    private const ulong ProfileStreamBase = 1UL << 32, PathStreamBase = 2UL << 32, MetricStreamBase = 3UL << 32;
    private const ulong SnapshotStreamBase = 4UL << 32; // only dated metrics draw from it: undated output is unchanged

    private static readonly string[] ForeignDomiciles = ["IE", "GB", "NL", "CH", "BM", "CA"];
    private static readonly string[] AdrCountries = ["GB", "JP", "DE", "FR", "CN", "NL", "CH"];

    public static GeneratedUniverse Generate(GeneratorOptions options)
    {
        if (options.Securities < GeneratorOptions.MinSecurities)
            throw new ArgumentOutOfRangeException(nameof(options), $"at least {GeneratorOptions.MinSecurities} securities are needed to cover every sector and screen");
        var dates = NyseCalendar.TradingDays(options.From, options.To);
        if (dates.Count < GeneratorOptions.MinTradingDays)
            throw new ArgumentOutOfRangeException(nameof(options), $"the period has {dates.Count} trading days; at least {GeneratorOptions.MinTradingDays} are needed for the 252-day rules");
        if ((long)options.Securities * dates.Count > GeneratorOptions.MaxPriceCells)
            throw new ArgumentOutOfRangeException(nameof(options), $"{options.Securities} securities x {dates.Count} trading days is more than {GeneratorOptions.MaxPriceCells} price cells");

        int n = options.Securities, days = dates.Count;
        var layout = Layout.Draw(options.Seed, n, days);
        var market = MarketReturns(options.Seed, days);
        var sectors = SectorProfile.UsLargeMidCap;
        var sectorReturns = sectors.Select((s, k) => SectorReturns(options.Seed, (ulong)k, s, market)).ToArray();

        var names = new SyntheticNames(new Xoshiro256StarStar(options.Seed, NameStream));
        int idWidth = Math.Max(4, n.ToString(CultureInfo.InvariantCulture).Length);
        var securities = new Security[n];
        var metrics = new double[n * MetricNames.Count];
        var close = new double[n * days];
        var volume = new double[n * days];
        var dividend = new double[n * days];
        Array.Fill(close, double.NaN);
        Array.Fill(volume, double.NaN);

        for (int i = 0; i < n; i++)
        {
            var sector = sectors[layout.Sector[i]];
            var profile = new Xoshiro256StarStar(options.Seed, ProfileStreamBase + (ulong)i);
            var (country, type) = CountryAndType(layout.Special[i], sector, profile);
            var id = "S" + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(idWidth, '0');
            double marketCap = layout.MissingCap[i] ? double.NaN : layout.MarketCap[i];
            securities[i] = new Security(id, names.Company(sector, country, type), sector.Name, country, type, marketCap);

            bool recentListing = layout.FirstDay[i] > days - 260;
            var fundamentals = Fundamentals(new Xoshiro256StarStar(options.Seed, MetricStreamBase + (ulong)i), sector, type, recentListing);
            fundamentals.Reported.CopyTo(metrics.AsSpan(i * MetricNames.Count, MetricNames.Count));

            var path = new PricePath(close.AsSpan(i * days, days), volume.AsSpan(i * days, days), dividend.AsSpan(i * days, days));
            SimulatePrices(new Xoshiro256StarStar(options.Seed, PathStreamBase + (ulong)i), path, dates, layout, i, sector, type,
                fundamentals.TrueDividendYield, market, sectorReturns[layout.Sector[i]]);
        }

        var metricTable = options.DatedMetrics
            ? Snapshots(options, dates, securities, metrics, close, layout)
            : MetricTable.Undated(n, MetricNames, metrics);
        var universe = new Universe(securities, dates, close, volume, dividend, metricTable);
        return new GeneratedUniverse(options, universe);
    }

    /// <summary>
    /// Point-in-time fundamentals (§11): a snapshot on the 15th of January, April, July and October. A security
    /// has a row from the first snapshot at which it has traded (within 5 days); its metrics are its reported
    /// values with 15% noise per snapshot, and its market cap is today's cap scaled back by price, so that the
    /// drift rule of §11 brings it to the cap the price path implies. A security built without a market cap has
    /// none in any row.
    /// </summary>
    private static MetricTable Snapshots(
        GeneratorOptions options, IReadOnlyList<DateOnly> dates, Security[] securities, double[] reported, double[] close, Layout layout)
    {
        int n = securities.Length, days = dates.Count, m = MetricNames.Count;
        var snapshotDates = new List<DateOnly>();
        for (var d = new DateOnly(options.From.Year, 1, 15); d <= options.To; d = d.AddMonths(3))
            if (d >= options.From) snapshotDates.Add(d);

        var rowSecurity = new List<int>();
        var rowDate = new List<DateOnly>();
        var rowValues = new List<double>();
        var rowCap = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var closes = close.AsSpan(i * days, days);
            int lastTraded = closes.Length - 1;
            while (lastTraded >= 0 && double.IsNaN(closes[lastTraded])) lastTraded--;
            var random = new Xoshiro256StarStar(options.Seed, SnapshotStreamBase + (ulong)i);
            int t = -1;
            foreach (var snapshot in snapshotDates)
            {
                while (t + 1 < days && dates[t + 1] <= snapshot) t++;
                double closeThen = double.NaN;
                for (int u = t; u >= Math.Max(0, t - 5) && double.IsNaN(closeThen); u--) closeThen = closes[u];
                var noise = new double[m];
                for (int j = 0; j < m; j++) noise[j] = 1 + 0.15 * random.NextGaussian();
                if (double.IsNaN(closeThen) || lastTraded < 0) continue; // not listed yet
                rowSecurity.Add(i);
                rowDate.Add(snapshot);
                for (int j = 0; j < m; j++) rowValues.Add(reported[i * m + j] * noise[j]);
                rowCap.Add(layout.MissingCap[i] ? double.NaN : Math.Round(securities[i].MarketCap * closeThen / closes[lastTraded] / 1e6) * 1e6);
            }
        }
        return MetricTable.Dated(n, MetricNames, rowSecurity.ToArray(), rowDate.ToArray(), rowValues.ToArray(), rowCap.ToArray());
    }

    /// <summary>Who is where: sectors, cap ranks and the securities built to test each rule.</summary>
    private sealed class Layout
    {
        public required int[] Sector { get; init; }
        public required double[] MarketCap { get; init; }
        public required SpecialKind[] Special { get; init; }
        public required bool[] MissingCap { get; init; }
        public required int[] FirstDay { get; init; }
        public required (int Start, int Length)[] Halt { get; init; }
        public required bool[] Illiquid { get; init; }

        public static Layout Draw(ulong seed, int n, int days)
        {
            var random = new Xoshiro256StarStar(seed, LayoutStream);
            var sectors = SectorProfile.UsLargeMidCap;

            // Sector sizes by largest remainder, then dealt out at random.
            var counts = sectors.Select(s => (int)Math.Floor(s.Share * n)).ToArray();
            foreach (var k in Enumerable.Range(0, sectors.Count)
                         .OrderByDescending(k => sectors[k].Share * n - counts[k]).ThenBy(k => k)
                         .Take(n - counts.Sum()))
                counts[k]++;
            var sector = new int[n];
            var deck = Enumerable.Range(0, sectors.Count).SelectMany(k => Enumerable.Repeat(k, counts[k])).ToArray();
            random.Shuffle(deck);
            deck.CopyTo(sector, 0);

            // Market caps: a rank curve like the Russell 1000's, with noise, dealt out at random.
            var ranks = Enumerable.Range(0, n).ToArray();
            random.Shuffle(ranks);
            var cap = new double[n];
            for (int i = 0; i < n; i++)
            {
                double noisy = CapAtRank(ranks[i], n) * PortableMath.Exp(0.08 * random.NextGaussian());
                cap[i] = Math.Max(1, Math.Round(noisy / 1e6)) * 1e6; // whole millions of USD
            }

            int Count(double share, int minimum) => Math.Max(minimum, (int)Math.Round(share * n));

            var special = new SpecialKind[n];
            var order = Enumerable.Range(0, n).ToArray();
            random.Shuffle(order);
            int next = 0;
            foreach (var (kind, share) in new[]
                     {
                         (SpecialKind.ForeignCommon, 0.02), (SpecialKind.Adr, 0.01), (SpecialKind.Preferred, 0.005),
                         (SpecialKind.Etf, 0.004), (SpecialKind.Tracking, 0.003), (SpecialKind.Holding, 0.004),
                     })
                for (int c = Count(share, 1); c > 0; c--) special[order[next++]] = kind;

            random.Shuffle(order);
            var missingCap = new bool[n];
            for (int c = 0, count = Count(0.004, 1); c < count; c++) missingCap[order[c]] = true;

            // Listings: most trade from the first day; older IPOs start inside the period; recent listings
            // have fewer than 200 returns in the last 252 days and fail the history screen.
            random.Shuffle(order);
            var firstDay = new int[n];
            int recent = Count(0.04, 2), older = Count(0.06, 1);
            for (int c = 0; c < recent; c++) firstDay[order[c]] = days - 30 - random.NextInt(170); // 29..198 returns
            for (int c = recent; c < recent + older; c++) firstDay[order[c]] = days / 10 + random.NextInt(days - 260 - days / 10);

            // Trading halts of a few days: gaps for the close fallback and the missing-price counts.
            random.Shuffle(order);
            var halt = new (int, int)[n];
            for (int c = 0, count = Count(0.03, 1); c < count; c++)
            {
                int i = order[c], length = 1 + random.NextInt(8);
                int start = firstDay[i] + 1 + random.NextInt(days - firstDay[i] - length - 2);
                halt[i] = (start, length);
            }

            // Illiquid names among the smaller half: their dollar volume stays well under $1M a day.
            var smaller = Enumerable.Range(0, n).Where(i => ranks[i] >= n / 2).ToArray();
            random.Shuffle(smaller);
            var illiquid = new bool[n];
            for (int c = 0, count = Count(0.03, 1); c < count; c++) illiquid[smaller[c]] = true;

            return new Layout
            {
                Sector = sector, MarketCap = cap, Special = special, MissingCap = missingCap,
                FirstDay = firstDay, Halt = halt, Illiquid = illiquid,
            };
        }

        /// <summary>USD market cap of the security ranked <paramref name="rank"/> (0 = largest) of
        /// <paramref name="n"/>: piecewise log-linear in log rank through ~$2.8T (1st), ~$350B (10th),
        /// ~$56B (100th), ~$12B (500th) and ~$1.1B (1000th), scaled to the universe size.</summary>
        private static double CapAtRank(int rank, int n)
        {
            ReadOnlySpan<double> x = [0.0, 1.0, 2.0, 2.7, 3.0];
            ReadOnlySpan<double> log10Cap = [12.45, 11.55, 10.75, 10.08, 9.05];
            double position = PortableMath.Log((rank + 1) * 1000.0 / n) / Ln10;
            int k = 1;
            while (k < x.Length - 1 && position > x[k]) k++;
            double w = Math.Clamp((position - x[k - 1]) / (x[k] - x[k - 1]), 0, 1);
            double log10 = log10Cap[k - 1] + w * (log10Cap[k] - log10Cap[k - 1]);
            return PortableMath.Exp(log10 * Ln10);
        }
    }

    private enum SpecialKind { None, ForeignCommon, Adr, Preferred, Etf, Tracking, Holding }

    private static (string Country, string Type) CountryAndType(SpecialKind kind, SectorProfile sector, Xoshiro256StarStar random) => kind switch
    {
        SpecialKind.ForeignCommon => (ForeignDomiciles[random.NextInt(ForeignDomiciles.Length)], "common"),
        SpecialKind.Adr => (AdrCountries[random.NextInt(AdrCountries.Length)], "adr"),
        SpecialKind.Preferred => ("US", "preferred"),
        SpecialKind.Etf => ("US", "etf"),
        SpecialKind.Tracking => ("US", "tracking"),
        SpecialKind.Holding => ("US", "holding"),
        _ => ("US", sector.Name == "Real Estate" && random.Chance(0.85) ? "reit" : "common"),
    };

    private sealed record FundamentalValues(double[] Reported, double TrueDividendYield);

    /// <summary>The eight metrics: value ratios share a latent "cheapness", profitability a latent
    /// "quality"; a few per cent of values are missing (more for trends of recent listings, which have no
    /// prior year, and for banks' sales).</summary>
    private static FundamentalValues Fundamentals(Xoshiro256StarStar random, SectorProfile sector, string type, bool recentListing)
    {
        double cheap = random.NextGaussian(), quality = random.NextGaussian();

        double earningsYield = sector.EarningsYield + 0.03 * (0.6 * cheap + 0.8 * random.NextGaussian());
        if (random.Chance(0.03)) earningsYield -= random.Uniform(0.05, 0.25); // heavy losses
        double bookToPrice = random.Chance(0.02)
            ? -random.Uniform(0.02, 0.3) // negative book equity
            : sector.BookToPrice * PortableMath.Exp(0.45 * (0.6 * cheap + 0.8 * random.NextGaussian()));
        double salesToPrice = sector.SalesToPrice * PortableMath.Exp(0.7 * (0.5 * cheap + 0.87 * random.NextGaussian()));
        double dividendYield = type == "preferred"
            ? 0.055 * PortableMath.Exp(0.1 * random.NextGaussian())
            : random.Chance(sector.DividendPayerShare)
                ? Math.Min(0.12, sector.DividendYield * PortableMath.Exp(0.45 * random.NextGaussian()))
                : 0.0;
        double roe = sector.Roe + 0.08 * (0.7 * quality + 0.71 * random.NextGaussian());
        if (random.Chance(0.05)) roe += 0.35 * random.NextGaussian();
        double leverage = random.Uniform(sector.AssetsToEquityLow, sector.AssetsToEquityHigh);
        double roa = roe / leverage;
        double roeChange = 0.04 * random.NextGaussian();
        if (random.Chance(0.06)) roeChange += 0.15 * random.NextGaussian();
        double roaChange = roeChange / leverage + 0.004 * random.NextGaussian();

        double[] values = [earningsYield, bookToPrice, salesToPrice, dividendYield, roe, roa, roeChange, roaChange];
        bool allMissing = random.Chance(0.004);
        for (int j = 0; j < values.Length; j++)
        {
            double missing = MetricNames[j] switch
            {
                "roe_change" or "roa_change" when recentListing => 0.6,
                "sales_to_price" when sector.Name == "Financials" => 0.3,
                _ => MetricMissingShare,
            };
            values[j] = allMissing || random.Chance(missing) ? double.NaN : Round(values[j], 1e6);
        }
        return new FundamentalValues(values, dividendYield);
    }

    /// <summary>Daily market returns with GARCH(1,1) volatility clustering (fat tails, calm and stressed spells).</summary>
    private static MarketPath MarketReturns(ulong seed, int days)
    {
        var random = new Xoshiro256StarStar(seed, MarketStream);
        double longRunVariance = MarketVol * MarketVol / TradingDaysPerYear;
        const double alpha = 0.08, beta = 0.90;
        double omega = longRunVariance * (1 - alpha - beta);
        var returns = new double[days];
        var regime = new double[days];
        double variance = longRunVariance;
        for (int t = 1; t < days; t++)
        {
            regime[t] = Math.Sqrt(variance / longRunVariance);
            double r = Math.Sqrt(variance) * random.NextGaussian();
            returns[t] = MarketDrift / TradingDaysPerYear + r;
            variance = omega + alpha * r * r + beta * variance;
        }
        return new MarketPath(returns, regime);
    }

    private sealed record MarketPath(double[] Returns, double[] VolatilityRegime);

    /// <summary>A sector's own daily return, scaled by the market's volatility regime.</summary>
    private static double[] SectorReturns(ulong seed, ulong sector, SectorProfile profile, MarketPath market)
    {
        var random = new Xoshiro256StarStar(seed, SectorStreamBase + sector);
        double dailyVol = profile.FactorVol / Math.Sqrt(TradingDaysPerYear);
        var returns = new double[market.Returns.Length];
        for (int t = 1; t < returns.Length; t++) returns[t] = dailyVol * market.VolatilityRegime[t] * random.NextGaussian();
        return returns;
    }

    private readonly ref struct PricePath(Span<double> close, Span<double> volume, Span<double> dividend)
    {
        public readonly Span<double> Close = close;
        public readonly Span<double> Volume = volume;
        public readonly Span<double> Dividend = dividend;
    }

    private static void SimulatePrices(
        Xoshiro256StarStar random, PricePath path, IReadOnlyList<DateOnly> dates, Layout layout, int i,
        SectorProfile sector, string type, double dividendYield, MarketPath market, double[] sectorReturns)
    {
        int days = dates.Count, first = layout.FirstDay[i];
        double cap = layout.MarketCap[i];

        // Risk: total vol falls with size, varies by sector; beta around the sector's.
        double beta = Math.Clamp(sector.Beta + 0.15 * random.NextGaussian(), 0.2, 2.0);
        double typeVol = type == "preferred" ? 0.5 : 1.0;
        double totalVol = Math.Clamp(
            0.20 * PortableMath.Exp(-0.12 * PortableMath.Log(cap / 1e11)) * sector.VolMultiplier * typeVol * PortableMath.Exp(0.2 * random.NextGaussian()),
            0.15, 0.70);
        double systematic = beta * beta * MarketVol * MarketVol + sector.FactorVol * sector.FactorVol;
        double idioDaily = Math.Sqrt(Math.Max(totalVol * totalVol - systematic, 0.06 * 0.06) / TradingDaysPerYear);
        double sectorLoading = type == "preferred" ? 0.3 : 1.0;
        double alpha = 0.08 * random.NextGaussian() / TradingDaysPerYear;
        double price = PortableMath.Exp(random.Uniform(PortableMath.Log(8), PortableMath.Log(400)));

        var (haltStart, haltLength) = layout.Halt[i];
        bool Halted(int t) => t >= haltStart && t < haltStart + haltLength;

        // Quarterly ex-dividend days: a fixed month in the quarter and day of the month (none while halted,
        // since a dividend is reported on a price row).
        var exDays = new HashSet<int>();
        if (dividendYield > 0)
        {
            int monthOffset = random.NextInt(3) + 1, dayOfMonth = 1 + random.NextInt(28);
            for (int year = dates[0].Year; year <= dates[^1].Year; year++)
                for (int month = monthOffset; month <= 12; month += 3)
                {
                    int t = FirstIndexOnOrAfter(dates, new DateOnly(year, month, dayOfMonth));
                    if (t > first && t < days && !Halted(t)) exDays.Add(t);
                }
        }

        var shocks = new double[days];
        for (int t = first; t < days; t++)
        {
            double shock = 0;
            if (t > first)
            {
                shock = idioDaily * random.NextGaussian();
                if (random.Chance(0.004)) shock += 5 * idioDaily * random.NextGaussian(); // earnings-day jumps
                double r = beta * market.Returns[t] + sectorLoading * sectorReturns[t] + alpha + shock;
                price *= 1 + Math.Max(r, -0.6);
                if (exDays.Contains(t))
                {
                    double cash = Round(price * dividendYield / 4, 1e4);
                    price -= cash;
                    path.Dividend[t] = cash;
                }
                price = Math.Max(price, 0.01);
            }
            shocks[t] = shock;
            if (!Halted(t)) path.Close[t] = Round(price, 1e4);
        }

        // Volume in shares: a turnover of the shares outstanding (fixed at the as-of cap and close), noisy,
        // higher on big-move days. Illiquid names trade a few hundred thousand dollars a day and sometimes not at all.
        double sharesOutstanding = cap / path.Close[days - 1]; // halts end before the last day
        double turnover = layout.Illiquid[i]
            ? random.Uniform(1e5, 4e5) / cap
            : random.Uniform(0.002, 0.012);
        for (int t = first; t < days; t++)
        {
            if (double.IsNaN(path.Close[t])) continue;
            if (random.Chance(0.0003)) continue; // volume not reported
            if (layout.Illiquid[i] && random.Chance(0.06))
            {
                path.Volume[t] = 0;
                continue;
            }
            double surprise = 1 + 1.5 * Math.Abs(shocks[t]) / idioDaily;
            path.Volume[t] = Math.Round(sharesOutstanding * turnover * surprise * PortableMath.Exp(0.45 * random.NextGaussian() - 0.6));
        }
    }

    private static int FirstIndexOnOrAfter(IReadOnlyList<DateOnly> dates, DateOnly date)
    {
        int lo = 0, hi = dates.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (dates[mid] < date) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Rounds to 1/<paramref name="scale"/>: k / scale is the double nearest to the decimal, the
    /// same value the loader parses back from the written text.</summary>
    private static double Round(double value, double scale) => Math.Round(value * scale) / scale;
}
