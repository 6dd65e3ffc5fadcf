using IndexEngine.Cli;

return CliApp.RunProcess(args);
