using System.Globalization;

namespace Parley.Faults;

/// <summary>A scenario's seed and trial count: <c>PARLEY_FAULT_SEED</c> (random if unset) and <c>PARLEY_FAULT_TRIALS</c>.</summary>
internal readonly record struct FaultTrialSettings(int Seed, int Trials)
{
    public static FaultTrialSettings FromEnvironment(int defaultTrials)
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("PARLEY_FAULT_TRIALS"), CultureInfo.InvariantCulture, out var t) && t > 0 ? t : defaultTrials;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PARLEY_FAULT_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        return new FaultTrialSettings(seed, trials);
    }
}
