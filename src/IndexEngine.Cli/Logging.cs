using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace IndexEngine.Cli;

/// <summary>Serilog to stderr (stdout is kept for command output such as `stats` and `schedule`).</summary>
public static class Logging
{
    public static Logger Create(LoggingOptions options, TextWriter stderr)
    {
        var level = options.Quiet ? LogEventLevel.Warning : options.Verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        var config = new LoggerConfiguration().MinimumLevel.Is(level);
        config = options.Format == LogFormat.Json
            ? config.WriteTo.Sink(new TextWriterSink(stderr, new JsonFormatter(renderMessage: true)))
            : config.WriteTo.Sink(new TextWriterSink(stderr, new Serilog.Formatting.Display.MessageTemplateTextFormatter(
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture)));
        return config.CreateLogger();
    }

    /// <summary>Writes to a given TextWriter so that tests can capture the log of an in-process run.</summary>
    private sealed class TextWriterSink(TextWriter writer, Serilog.Formatting.ITextFormatter formatter) : ILogEventSink
    {
        private readonly object _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }
}
