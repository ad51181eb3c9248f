using Interview;
using Parley;
using Parley.Hosting;

var builder = WebApplication.CreateBuilder(args);

// A research interview: SQLite and the local file store under ./.parley (the defaults), and
// everything the app declares to its participants.
builder.Services
    .AddParley<InterviewApp>(o => o.AppName = InterviewApp.Name)
    .WithProfiles(
        new ChatProfile
        {
            Name = "Participant",
            Description = "Take part in the workspace study (about 5 minutes).",
            Icon = "🧑‍💻",
            IsDefault = true,
            Starters = [new Starter("Begin the interview", "begin", "▶️"), new Starter("What is this study?", "What is this study about?", "❓")],
        },
        new ChatProfile
        {
            Name = "Pilot",
            Description = "A researcher's dry run: the same questions, answers marked as a pilot.",
            Icon = "🧪",
            Starters = [new Starter("Start the pilot", "begin", "🧪")],
        })
    .WithCommands(
        new SlashCommand("summary", "Show the answers you gave so far", "📋"),
        new SlashCommand("withdraw", "Withdraw from the study and discard your answers", "🚪"))
    .WithSettings(InterviewSettings.Schema)
    .WithAction(InterviewActions.Download, InterviewActions.DownloadAsync)
    .WithAction(InterviewActions.Withdraw, InterviewActions.WithdrawAsync)
    .WithAudio();

var app = builder.Build();
app.MapParley();
app.Run();
