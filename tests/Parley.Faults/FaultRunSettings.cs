using System.Globalization;

namespace Parley.Faults;

/// <summary>A scenario's trial count and seed: <c>PARLEY_FAULT_TRIALS</c> and <c>PARLEY_FAULT_SEED</c>, or the defaults.</summary>
internal sealed record FaultRunSettings(int Trials, int Seed)
{
    public static FaultRunSettings FromEnvironment(int defaultTrials) => new(
        int.TryParse(Environment.GetEnvironmentVariable("PARLEY_FAULT_TRIALS"), CultureInfo.InvariantCulture, out var t) && t > 0 ? t : defaultTrials,
        int.TryParse(Environment.GetEnvironmentVariable("PARLEY_FAULT_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next());
}
