return await EventFold.Cli.EventFoldCli.RunAsync(args);
