from pendulate.cli import main

raise SystemExit(main())
