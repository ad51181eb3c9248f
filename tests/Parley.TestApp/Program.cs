using Parley.TestApp;

// Usage: Parley.TestApp --urls http://127.0.0.1:PORT --data DIR [--faults true] (fault injection: TestFaults.cs) [--diagnostics true] (DiagnosticsEndpoint.cs)
var builder = WebApplication.CreateBuilder(args);
var data = builder.Configuration["data"] ?? Path.Combine(builder.Environment.ContentRootPath, ".parley");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddParley<CommandedApp>(o => o.AppName = "Test app")
    .UseSqlite(Path.Combine(data, "parley.db"))
    .UseLocalFolderFileStore(Path.Combine(data, "files"))
    .ConfigureHttp(o => o.KeysDirectory = Path.Combine(data, "keys"))
    .WithTestActions()
    .WithAudio()
    .WithChatDeclarations();
builder.Services.Configure<Parley.Hosting.ParleyOptions>(o => o.Elements.ComponentsFolder = Path.Combine(AppContext.BaseDirectory, "public", "elements"));
TestFaults.Register(builder);

var app = builder.Build();
app.MapParley();
app.MapGet("/healthz", () => "ok");
HostPage.Map(app);
app.MapDiagnostics();
TestFaults.Map(app);
// Bound to port 0 by the tests: say where, as ASP.NET Core would at Information (logging is at Warning here).
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine("Now listening on: " + app.Urls.First()));
app.Run();
