from studyapp.app import main

raise SystemExit(main())
