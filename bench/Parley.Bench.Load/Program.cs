using System.Globalization;
using Parley.Bench.Load;

// dotnet run -c Release --project bench/Parley.Bench.Load -- <scenario> [options]
//   latency [threads=1000] [rate=50] [seconds=30]
//   peak    [threads=20] [rate=5000] [seconds=15]
//   idle    [subscribers=10000]
//   replay  [events=10000] [trials=20]
//   all     every scenario with its defaults
var scenario = args.Length > 0 ? args[0] : "all";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

Console.WriteLine($"Parley load benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine("| scenario | result |");
Console.WriteLine("|---|---|");
if (scenario is "latency" or "all")
{
    Console.WriteLine(await Scenarios.LatencyAsync(Arg(1, 1000), Arg(2, 50), Arg(3, 30)));
}

if (scenario is "peak" or "all")
{
    Console.WriteLine(await Scenarios.LatencyAsync(Arg(1, 20), Arg(2, 5000), Arg(3, 15), "peak"));
}

if (scenario is "idle" or "all")
{
    Console.WriteLine(await Scenarios.IdleAsync(Arg(1, 10_000)));
}

if (scenario is "replay" or "all")
{
    Console.WriteLine(await Scenarios.ReplayAsync(Arg(1, 10_000), Arg(2, 20)));
}
