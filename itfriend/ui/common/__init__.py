"""What several windows share: task runner, error texts, icons, data events, person finder."""
