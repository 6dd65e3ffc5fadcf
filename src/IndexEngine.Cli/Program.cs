using IndexEngine.Cli;

return CliApp.Run(args);
