-- registeredModel: name = 'fraud' AND state != 'ARCHIVED'
select "registered_model".* from "registered_model" where ("registered_model"."name" = $1 and "registered_model"."state" <> $2) order by "registered_model"."id" asc limit $3
  -- ["fraud","ARCHIVED",11]
-- registeredModel: name LIKE 'fr%' OR description ILIKE '%Model%'
select "registered_model".* from "registered_model" where ("registered_model"."name" like $1 escape '\' or lower("registered_model"."description") like lower($2) escape '\') order by "registered_model"."id" asc limit $3
  -- ["fr%","%Model%",11]
-- registeredModel: id IN (1, 2, 3) AND NOT createTimeSinceEpoch > 5
select "registered_model".* from "registered_model" where ("registered_model"."id" in ($1, $2, $3) and not "registered_model"."create_time" > $4) order by "registered_model"."id" asc limit $5
  -- [1,2,3,5,11]
-- registeredModel: labels = 'prod' AND alias = 'champion'
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = $1 and "sl"."owner_id" = "registered_model"."id" and "sl"."value_type" = $2 and "sl"."string_value" = $3 and octet_length("sl"."string_value") <= 1500 and "sl"."name" = $4) and exists (select 1 as "one" from "model_alias" as "sa" where "sa"."registered_model_id" = "registered_model"."id" and "sa"."alias" = $5)) order by "registered_model"."id" asc limit $6
  -- ["registered_model","string","","prod","champion",11]
-- registeredModel: stage = 'Production' OR metrics.accuracy > 0.9
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and "fv"."stage" = $1) or exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "fv"."id" and "sm"."artifact_type" = $2 and "sm"."name" = $3 and "sm"."metric_value" > $4))) order by "registered_model"."id" asc limit $5
  -- ["Production","metric","accuracy",0.9,11]
-- registeredModel: team = 'risk' AND dataset.digest = 'sha256:ab'
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "registered_model"."id" and "p"."name" = $2 and ("p"."value_type" = $3 and "p"."string_value" = $4 and octet_length("p"."string_value") <= 1500)) and exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and "fv"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = $5 and "sd"."model_version_id" is not null and "sd"."digest" = $6))) order by "registered_model"."id" asc limit $7
  -- ["registered_model","team","string","risk","dataset-artifact","sha256:ab",11]
-- registeredModel: labels IS NULL
select "registered_model".* from "registered_model" where not exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = $1 and "sl"."owner_id" = "registered_model"."id" and "sl"."value_type" = $2 and "sl"."string_value" = $3 and octet_length("sl"."string_value") <= 1500) and "registered_model"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($4, $5) or "vm"."owner" = $6 or 1 = 0)) order by "registered_model"."id" asc limit $7
  -- ["registered_model","string","",3,4,"alice",11]
-- modelVersion: name = 'v1' AND author IS NOT NULL
select "model_version".* from "model_version" where ("model_version"."name" = $1 and "model_version"."author" is not null) order by "model_version"."id" asc limit $2
  -- ["v1",11]
-- modelVersion: metrics.accuracy > 0.95
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."model_version_id" is not null and "sm"."metric_value" > $3 limit $4) as "m"
  -- ["metric","accuracy",0.95,1001]
select "model_version".* from "model_version" where "model_version"."id" in (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."model_version_id" is not null and "sm"."metric_value" > $3) order by "model_version"."id" asc limit $4
  -- ["metric","accuracy",0.95,11]
-- modelVersion: metrics.accuracy > 0.95
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."model_version_id" is not null and "sm"."metric_value" > $3 limit $4) as "m"
  -- ["metric","accuracy",0.95,1001]
select "model_version".* from "model_version" where exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."metric_value" > $3) order by "model_version"."id" asc limit $4
  -- ["metric","accuracy",0.95,11]
-- modelVersion: metrics.loss IS NULL AND metrics.f1 BETWEEN 0.5 AND 0.9
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."model_version_id" is not null and "sm"."metric_value" between $3 and $4 limit $5) as "m"
  -- ["metric","f1",0.5,0.9,1001]
select "model_version".* from "model_version" where (not exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = $1 and "sm"."name" = $2 and "sm"."metric_value" is not null) and exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = $3 and "sm"."name" = $4 and "sm"."metric_value" between $5 and $6)) order by "model_version"."id" asc limit $7
  -- ["metric","loss","metric","f1",0.5,0.9,11]
-- modelVersion: params.lr < 0.01 AND params.layers = 3
select "model_version".* from "model_version" where (exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = $1 and "sp"."name" = $2 and "sp"."parameter_number" < $3) and exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = $4 and "sp"."name" = $5 and "sp"."parameter_number" = $6)) order by "model_version"."id" asc limit $7
  -- ["parameter","lr",0.01,"parameter","layers",3,11]
-- modelVersion: params.optimizer = 'adam' OR params.shuffle = true
select "model_version".* from "model_version" where (exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = $1 and "sp"."name" = $2 and "sp"."parameter_value" = $3) or exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = $4 and "sp"."name" = $5 and lower("sp"."parameter_value") = $6)) order by "model_version"."id" asc limit $7
  -- ["parameter","optimizer","adam","parameter","shuffle","true",11]
-- modelVersion: params.momentum IS NOT NULL
select "model_version".* from "model_version" where exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = $1 and "sp"."name" = $2) order by "model_version"."id" asc limit $3
  -- ["parameter","momentum",11]
-- modelVersion: dataset.digest IN ('sha256:ab', 'sha256:cd') AND dataset.name LIKE 'train%'
select "model_version".* from "model_version" where ("model_version"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = $1 and "sd"."model_version_id" is not null and "sd"."digest" in ($2, $3)) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = $4 and "sd"."name" like $5 escape '\')) order by "model_version"."id" asc limit $6
  -- ["dataset-artifact","sha256:ab","sha256:cd","dataset-artifact","train%",11]
-- modelVersion: code.commit = 'abc123' OR code.repository != 'github.com/x/y'
select "model_version".* from "model_version" where ("model_version"."id" in (select "sv"."model_version_id" from "version_lineage" as "sv" where "sv"."code_commit" = $1) or exists (select 1 as "one" from "version_lineage" as "sv" where "sv"."model_version_id" = "model_version"."id" and "sv"."code_repository" <> $2)) order by "model_version"."id" asc limit $3
  -- ["abc123","github.com/x/y",11]
-- modelVersion: code.path IS NULL AND pipelineRun = 'run-1' AND format = 'onnx'
select "model_version".* from "model_version" where ((not exists (select 1 as "one" from "version_lineage" as "sv" where "sv"."model_version_id" = "model_version"."id" and "sv"."code_path" is not null) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = $1 and "sd"."model_source_id" = $2)) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = $3 and "sd"."model_format_name" = $4)) order by "model_version"."id" asc limit $5
  -- ["model-artifact","run-1","model-artifact","onnx",11]
-- modelVersion: dataset.uri != 's3://b/k' AND alias IS NOT NULL
select "model_version".* from "model_version" where (not "model_version"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = $1 and "sd"."model_version_id" is not null and ("sd"."uri" = $2 and octet_length("sd"."uri") <= 1500)) and exists (select 1 as "one" from "model_alias" as "sa" where "sa"."model_version_id" = "model_version"."id")) order by "model_version"."id" asc limit $3
  -- ["dataset-artifact","s3://b/k",11]
-- modelVersion: labels = 'gpu'
select "model_version".* from "model_version" where exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = $1 and "sl"."owner_id" = "model_version"."id" and "sl"."value_type" = $2 and "sl"."string_value" = $3 and octet_length("sl"."string_value") <= 1500 and "sl"."name" = $4) order by "model_version"."id" asc limit $5
  -- ["model_version","string","","gpu",11]
-- modelVersion: accuracy > 0.9 AND epochs.int_value >= 10
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "model_version"."id" and "p"."name" = $2 and "p"."double_value" > $3) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $4 and "p"."owner_id" = "model_version"."id" and "p"."name" = $5 and "p"."int_value" >= $6)) order by "model_version"."id" asc limit $7
  -- ["model_version","accuracy",0.9,"model_version","epochs",10,11]
-- modelVersion: threshold BETWEEN 0.9 AND 1 OR threshold IN (1, 2)
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "model_version"."id" and "p"."name" = $2 and (("p"."int_value" * 1.0) between $3 and $4 or "p"."double_value" between $5 and $6)) or exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $7 and "p"."owner_id" = "model_version"."id" and "p"."name" = $8 and ("p"."int_value" in ($9, $10) or "p"."double_value" in ($11, $12)))) order by "model_version"."id" asc limit $13
  -- ["model_version","threshold",0.9,1,0.9,1,"model_version","threshold",1,2,1,2,11]
-- modelVersion: approved = true AND note.string_value LIKE 'ok%'
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "model_version"."id" and "p"."name" = $2 and "p"."bool_value" = $3) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $4 and "p"."owner_id" = "model_version"."id" and "p"."name" = $5 and ("p"."value_type" = $6 and "p"."string_value" like $7 escape '\'))) order by "model_version"."id" asc limit $8
  -- ["model_version","approved",true,"model_version","note","string","ok%",11]
-- modelVersion: flag.bool_value = false OR ratio.double_value < 0.5
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "model_version"."id" and "p"."name" = $2 and "p"."bool_value" = $3) or exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $4 and "p"."owner_id" = "model_version"."id" and "p"."name" = $5 and "p"."double_value" < $6)) order by "model_version"."id" asc limit $7
  -- ["model_version","flag",false,"model_version","ratio",0.5,11]
-- modelVersion: gone IS NULL AND owner_note.string_value IS NOT NULL
select "model_version".* from "model_version" where (not exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $1 and "p"."owner_id" = "model_version"."id" and "p"."name" = $2) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = $3 and "p"."owner_id" = "model_version"."id" and "p"."name" = $4 and "p"."value_type" = $5)) order by "model_version"."id" asc limit $6
  -- ["model_version","gone","model_version","owner_note","string",11]
-- modelVersion: metrics.accuracy > 0.9 ORDER BY metrics.accuracy
select "model_version".*, "ord"."metric_value" as "order_value" from "model_version" inner join "artifact" as "ord" on "ord"."model_version_id" = "model_version"."id" and "ord"."artifact_type" = $1 and "ord"."name" = $2 where "ord"."metric_value" > $3 and ("ord"."metric_value" > $4 or ("ord"."metric_value" = $5 and "ord"."model_version_id" > $6) or "ord"."metric_value" is null) order by "ord"."metric_value" asc, "ord"."model_version_id" asc limit $7
  -- ["metric","accuracy",0.9,0.5,0.5,9,11]
-- modelVersion: name != 'x' ORDER BY params.lr
select "model_version".*, "ord"."parameter_number" as "order_value" from "model_version" left join "artifact" as "ord" on "ord"."model_version_id" = "model_version"."id" and "ord"."artifact_type" = $1 and "ord"."name" = $2 where "model_version"."name" <> $3 and ("ord"."parameter_number" > $4 or ("ord"."parameter_number" = $5 and "model_version"."id" > $6) or "ord"."parameter_number" is null) order by case when "ord"."parameter_number" is null then 1 else 0 end, "ord"."parameter_number" asc, "model_version"."id" asc limit $7
  -- ["parameter","lr","x",0.5,0.5,9,11]
-- modelVersion: name = 'v2'
select "model_version".* from "model_version" where "model_version"."name" = $1 and "model_version"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($2, $3) or "vm"."owner" = $4 or 1 = 0)) order by "model_version"."id" asc limit $5
  -- ["v2",3,4,"alice",11]
-- modelVersion: (no filter)
select "model_version".* from "model_version" where "model_version"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where 1 = 0) order by "model_version"."id" asc limit $1
  -- [11]
-- artifact: uri LIKE 's3://%' AND artifactType = 'model-artifact'
select "artifact".* from "artifact" where ("artifact"."uri" like $1 escape '\' and "artifact"."artifact_type" = $2) and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "artifact"."id" asc limit $6
  -- ["s3://%","model-artifact",3,4,"alice",11]
-- inferenceService: desiredState = 'DEPLOYED'
select "inference_service".* from "inference_service" where "inference_service"."desired_state" = $1 and "inference_service"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($2, $3) or "vm"."owner" = $4 or 1 = 0)) order by "inference_service"."id" asc limit $5
  -- ["DEPLOYED",3,4,"alice",11]
-- serveModel: modelVersionId = 7
select "serve_model".* from "serve_model" where "serve_model"."model_version_id" = $1 and "serve_model"."inference_service_id" in (select "vi"."id" from "inference_service" as "vi" where "vi"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($2, $3) or "vm"."owner" = $4 or 1 = 0))) order by "serve_model"."id" asc limit $5
  -- [7,3,4,"alice",11]
-- experiment: owner = 'bob'
select "experiment".* from "experiment" where "experiment"."owner" = $1 and 1 = 0 order by "experiment"."id" asc limit $2
  -- ["bob",11]
-- names of metric, for some models
select distinct "name" as "name" from "artifact" where artifact_type = 'metric' and substr("name", 1, $1) = $2 and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of param, for some models
select distinct "name" as "name" from "artifact" where artifact_type = 'parameter' and substr("name", 1, $1) = $2 and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of modelProperty, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'registered_model' and substr("name", 1, $1) = $2 and "owner_id" in (select "rm"."id" from "registered_model" as "rm" where "rm"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of versionProperty, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'model_version' and substr("name", 1, $1) = $2 and "owner_id" in (select "mv"."id" from "model_version" as "mv" where "mv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of label, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'registered_model' and value_type = 'string' and string_value = '' and octet_length("string_value") <= 1500 and substr("name", 1, $1) = $2 and "owner_id" in (select "rm"."id" from "registered_model" as "rm" where "rm"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of owner, for some models
select distinct "owner" as "name" from "registered_model" where owner is not null and substr("owner", 1, $1) = $2 and "registered_model"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0)) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
-- names of format, for some models
select distinct "model_format_name" as "name" from "artifact" where artifact_type = 'model-artifact' and model_format_name is not null and substr("model_format_name", 1, $1) = $2 and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in ($3, $4) or "vm"."owner" = $5 or 1 = 0))) order by "name" limit $6
  -- [2,"ac",3,4,"alice",20]
