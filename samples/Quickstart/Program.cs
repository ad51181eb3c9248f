using Parley.OpenAI;
using Quickstart;

var builder = WebApplication.CreateBuilder(args);

// The whole setup: the app, its store (SQLite under ./.parley by default), the HTTP API. With
// OPENAI_API_KEY or OPENAI_BASE_URL (and OPENAI_MODEL) set, a real model answers; otherwise the demo.
if (builder.Services.TryAddOpenAIChatClientFromEnvironment())
{
    builder.Services.AddParley<ModelAssistant>(o => o.AppName = "Parley demo");
}
else
{
    builder.Services.AddParley<DemoAssistant>(o => o.AppName = "Parley demo");
}

var app = builder.Build();
app.MapParley();
app.Run();
