using Parley.Bench.Server;

// Usage: Parley.Bench.Server --urls http://127.0.0.1:PORT --data DIR
var builder = WebApplication.CreateBuilder(args);
var data = builder.Configuration["data"] ?? Path.Combine(Path.GetTempPath(), "parley-bench");
builder.Logging.ClearProviders();
builder.Services
    .AddParley<BenchApp>()
    .UseSqlite(Path.Combine(data, "parley.db"))
    .ConfigureHttp(o => o.KeysDirectory = Path.Combine(data, "keys"));

var app = builder.Build();
app.MapParley();
app.MapGet("/healthz", () => "ok");
app.Run();
