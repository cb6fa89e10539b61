-- registeredModel: name = 'fraud' AND state != 'ARCHIVED'
select "registered_model".* from "registered_model" where ("registered_model"."name" = ? and "registered_model"."state" <> ?) order by "registered_model"."id" asc limit ?
  -- ["fraud","ARCHIVED",11]
-- registeredModel: name LIKE 'fr%' OR description ILIKE '%Model%'
select "registered_model".* from "registered_model" where ("registered_model"."name" like ? escape '\' or lower("registered_model"."description") like lower(?) escape '\') order by "registered_model"."id" asc limit ?
  -- ["fr%","%Model%",11]
-- registeredModel: id IN (1, 2, 3) AND NOT createTimeSinceEpoch > 5
select "registered_model".* from "registered_model" where ("registered_model"."id" in (?, ?, ?) and not "registered_model"."create_time" > ?) order by "registered_model"."id" asc limit ?
  -- [1,2,3,5,11]
-- registeredModel: labels = 'prod' AND alias = 'champion'
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = ? and "sl"."owner_id" = "registered_model"."id" and "sl"."value_type" = ? and "sl"."string_value" = ? and octet_length("sl"."string_value") <= 1500 and "sl"."name" = ?) and exists (select 1 as "one" from "model_alias" as "sa" where "sa"."registered_model_id" = "registered_model"."id" and "sa"."alias" = ?)) order by "registered_model"."id" asc limit ?
  -- ["registered_model","string","","prod","champion",11]
-- registeredModel: stage = 'Production' OR metrics.accuracy > 0.9
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and "fv"."stage" = ?) or exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "fv"."id" and "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."metric_value" > ?))) order by "registered_model"."id" asc limit ?
  -- ["Production","metric","accuracy",0.9,11]
-- registeredModel: team = 'risk' AND dataset.digest = 'sha256:ab'
select "registered_model".* from "registered_model" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "registered_model"."id" and "p"."name" = ? and ("p"."value_type" = ? and "p"."string_value" = ? and octet_length("p"."string_value") <= 1500)) and exists (select 1 as "one" from "model_version" as "fv" where "fv"."registered_model_id" = "registered_model"."id" and "fv"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = ? and "sd"."model_version_id" is not null and "sd"."digest" = ?))) order by "registered_model"."id" asc limit ?
  -- ["registered_model","team","string","risk","dataset-artifact","sha256:ab",11]
-- registeredModel: labels IS NULL
select "registered_model".* from "registered_model" where not exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = ? and "sl"."owner_id" = "registered_model"."id" and "sl"."value_type" = ? and "sl"."string_value" = ? and octet_length("sl"."string_value") <= 1500) and "registered_model"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0)) order by "registered_model"."id" asc limit ?
  -- ["registered_model","string","",3,4,"alice",11]
-- modelVersion: name = 'v1' AND author IS NOT NULL
select "model_version".* from "model_version" where ("model_version"."name" = ? and "model_version"."author" is not null) order by "model_version"."id" asc limit ?
  -- ["v1",11]
-- modelVersion: metrics.accuracy > 0.95
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."model_version_id" is not null and "sm"."metric_value" > ? limit ?) as "m"
  -- ["metric","accuracy",0.95,1001]
select "model_version".* from "model_version" where "model_version"."id" in (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."model_version_id" is not null and "sm"."metric_value" > ?) order by "model_version"."id" asc limit ?
  -- ["metric","accuracy",0.95,11]
-- modelVersion: metrics.accuracy > 0.95
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."model_version_id" is not null and "sm"."metric_value" > ? limit ?) as "m"
  -- ["metric","accuracy",0.95,1001]
select "model_version".* from "model_version" where exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."metric_value" > ?) order by "model_version"."id" asc limit ?
  -- ["metric","accuracy",0.95,11]
-- modelVersion: metrics.loss IS NULL AND metrics.f1 BETWEEN 0.5 AND 0.9
select count(*) as "n" from (select "sm"."model_version_id" from "artifact" as "sm" where "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."model_version_id" is not null and "sm"."metric_value" between ? and ? limit ?) as "m"
  -- ["metric","f1",0.5,0.9,1001]
select "model_version".* from "model_version" where (not exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."metric_value" is not null) and exists (select 1 as "one" from "artifact" as "sm" where "sm"."model_version_id" = "model_version"."id" and "sm"."artifact_type" = ? and "sm"."name" = ? and "sm"."metric_value" between ? and ?)) order by "model_version"."id" asc limit ?
  -- ["metric","loss","metric","f1",0.5,0.9,11]
-- modelVersion: params.lr < 0.01 AND params.layers = 3
select "model_version".* from "model_version" where (exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = ? and "sp"."name" = ? and "sp"."parameter_number" < ?) and exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = ? and "sp"."name" = ? and "sp"."parameter_number" = ?)) order by "model_version"."id" asc limit ?
  -- ["parameter","lr",0.01,"parameter","layers",3,11]
-- modelVersion: params.optimizer = 'adam' OR params.shuffle = true
select "model_version".* from "model_version" where (exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = ? and "sp"."name" = ? and "sp"."parameter_value" = ?) or exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = ? and "sp"."name" = ? and lower("sp"."parameter_value") = ?)) order by "model_version"."id" asc limit ?
  -- ["parameter","optimizer","adam","parameter","shuffle","true",11]
-- modelVersion: params.momentum IS NOT NULL
select "model_version".* from "model_version" where exists (select 1 as "one" from "artifact" as "sp" where "sp"."model_version_id" = "model_version"."id" and "sp"."artifact_type" = ? and "sp"."name" = ?) order by "model_version"."id" asc limit ?
  -- ["parameter","momentum",11]
-- modelVersion: dataset.digest IN ('sha256:ab', 'sha256:cd') AND dataset.name LIKE 'train%'
select "model_version".* from "model_version" where ("model_version"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = ? and "sd"."model_version_id" is not null and "sd"."digest" in (?, ?)) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = ? and "sd"."name" like ? escape '\')) order by "model_version"."id" asc limit ?
  -- ["dataset-artifact","sha256:ab","sha256:cd","dataset-artifact","train%",11]
-- modelVersion: code.commit = 'abc123' OR code.repository != 'github.com/x/y'
select "model_version".* from "model_version" where ("model_version"."id" in (select "sv"."model_version_id" from "version_lineage" as "sv" where "sv"."code_commit" = ?) or exists (select 1 as "one" from "version_lineage" as "sv" where "sv"."model_version_id" = "model_version"."id" and "sv"."code_repository" <> ?)) order by "model_version"."id" asc limit ?
  -- ["abc123","github.com/x/y",11]
-- modelVersion: code.path IS NULL AND pipelineRun = 'run-1' AND format = 'onnx'
select "model_version".* from "model_version" where ((not exists (select 1 as "one" from "version_lineage" as "sv" where "sv"."model_version_id" = "model_version"."id" and "sv"."code_path" is not null) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = ? and "sd"."model_source_id" = ?)) and exists (select 1 as "one" from "artifact" as "sd" where "sd"."model_version_id" = "model_version"."id" and "sd"."artifact_type" = ? and "sd"."model_format_name" = ?)) order by "model_version"."id" asc limit ?
  -- ["model-artifact","run-1","model-artifact","onnx",11]
-- modelVersion: dataset.uri != 's3://b/k' AND alias IS NOT NULL
select "model_version".* from "model_version" where (not "model_version"."id" in (select "sd"."model_version_id" from "artifact" as "sd" where "sd"."artifact_type" = ? and "sd"."model_version_id" is not null and ("sd"."uri" = ? and octet_length("sd"."uri") <= 1500)) and exists (select 1 as "one" from "model_alias" as "sa" where "sa"."model_version_id" = "model_version"."id")) order by "model_version"."id" asc limit ?
  -- ["dataset-artifact","s3://b/k",11]
-- modelVersion: labels = 'gpu'
select "model_version".* from "model_version" where exists (select 1 as "one" from "custom_property" as "sl" where "sl"."owner_kind" = ? and "sl"."owner_id" = "model_version"."id" and "sl"."value_type" = ? and "sl"."string_value" = ? and octet_length("sl"."string_value") <= 1500 and "sl"."name" = ?) order by "model_version"."id" asc limit ?
  -- ["model_version","string","","gpu",11]
-- modelVersion: accuracy > 0.9 AND epochs.int_value >= 10
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."double_value" > ?) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."int_value" >= ?)) order by "model_version"."id" asc limit ?
  -- ["model_version","accuracy",0.9,"model_version","epochs",10,11]
-- modelVersion: threshold BETWEEN 0.9 AND 1 OR threshold IN (1, 2)
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and (("p"."int_value" * 1.0) between ? and ? or "p"."double_value" between ? and ?)) or exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and ("p"."int_value" in (?, ?) or "p"."double_value" in (?, ?)))) order by "model_version"."id" asc limit ?
  -- ["model_version","threshold",0.9,1,0.9,1,"model_version","threshold",1,2,1,2,11]
-- modelVersion: approved = true AND note.string_value LIKE 'ok%'
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."bool_value" = ?) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and ("p"."value_type" = ? and "p"."string_value" like ? escape '\'))) order by "model_version"."id" asc limit ?
  -- ["model_version","approved",1,"model_version","note","string","ok%",11]
-- modelVersion: flag.bool_value = false OR ratio.double_value < 0.5
select "model_version".* from "model_version" where (exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."bool_value" = ?) or exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."double_value" < ?)) order by "model_version"."id" asc limit ?
  -- ["model_version","flag",0,"model_version","ratio",0.5,11]
-- modelVersion: gone IS NULL AND owner_note.string_value IS NOT NULL
select "model_version".* from "model_version" where (not exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ?) and exists (select 1 as "one" from "custom_property" as "p" where "p"."owner_kind" = ? and "p"."owner_id" = "model_version"."id" and "p"."name" = ? and "p"."value_type" = ?)) order by "model_version"."id" asc limit ?
  -- ["model_version","gone","model_version","owner_note","string",11]
-- modelVersion: metrics.accuracy > 0.9 ORDER BY metrics.accuracy
select "model_version".*, "ord"."metric_value" as "order_value" from "model_version" inner join "artifact" as "ord" on "ord"."model_version_id" = "model_version"."id" and "ord"."artifact_type" = ? and "ord"."name" = ? where "ord"."metric_value" > ? and ("ord"."metric_value" > ? or ("ord"."metric_value" = ? and "ord"."model_version_id" > ?) or "ord"."metric_value" is null) order by "ord"."metric_value" asc, "ord"."model_version_id" asc limit ?
  -- ["metric","accuracy",0.9,0.5,0.5,9,11]
-- modelVersion: name != 'x' ORDER BY params.lr
select "model_version".*, "ord"."parameter_number" as "order_value" from "model_version" left join "artifact" as "ord" on "ord"."model_version_id" = "model_version"."id" and "ord"."artifact_type" = ? and "ord"."name" = ? where "model_version"."name" <> ? and ("ord"."parameter_number" > ? or ("ord"."parameter_number" = ? and "model_version"."id" > ?) or "ord"."parameter_number" is null) order by case when "ord"."parameter_number" is null then 1 else 0 end, "ord"."parameter_number" asc, "model_version"."id" asc limit ?
  -- ["parameter","lr","x",0.5,0.5,9,11]
-- modelVersion: name = 'v2'
select "model_version".* from "model_version" where "model_version"."name" = ? and "model_version"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0)) order by "model_version"."id" asc limit ?
  -- ["v2",3,4,"alice",11]
-- modelVersion: (no filter)
select "model_version".* from "model_version" where "model_version"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where 1 = 0) order by "model_version"."id" asc limit ?
  -- [11]
-- artifact: uri LIKE 's3://%' AND artifactType = 'model-artifact'
select "artifact".* from "artifact" where ("artifact"."uri" like ? escape '\' and "artifact"."artifact_type" = ?) and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "artifact"."id" asc limit ?
  -- ["s3://%","model-artifact",3,4,"alice",11]
-- inferenceService: desiredState = 'DEPLOYED'
select "inference_service".* from "inference_service" where "inference_service"."desired_state" = ? and "inference_service"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0)) order by "inference_service"."id" asc limit ?
  -- ["DEPLOYED",3,4,"alice",11]
-- serveModel: modelVersionId = 7
select "serve_model".* from "serve_model" where "serve_model"."model_version_id" = ? and "serve_model"."inference_service_id" in (select "vi"."id" from "inference_service" as "vi" where "vi"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "serve_model"."id" asc limit ?
  -- [7,3,4,"alice",11]
-- experiment: owner = 'bob'
select "experiment".* from "experiment" where "experiment"."owner" = ? and 1 = 0 order by "experiment"."id" asc limit ?
  -- ["bob",11]
-- names of metric, for some models
select distinct "name" as "name" from "artifact" where artifact_type = 'metric' and substr("name", 1, ?) = ? and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of param, for some models
select distinct "name" as "name" from "artifact" where artifact_type = 'parameter' and substr("name", 1, ?) = ? and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of modelProperty, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'registered_model' and substr("name", 1, ?) = ? and "owner_id" in (select "rm"."id" from "registered_model" as "rm" where "rm"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of versionProperty, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'model_version' and substr("name", 1, ?) = ? and "owner_id" in (select "mv"."id" from "model_version" as "mv" where "mv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of label, for some models
select distinct "name" as "name" from "custom_property" where owner_kind = 'registered_model' and value_type = 'string' and string_value = '' and octet_length("string_value") <= 1500 and substr("name", 1, ?) = ? and "owner_id" in (select "rm"."id" from "registered_model" as "rm" where "rm"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of owner, for some models
select distinct "owner" as "name" from "registered_model" where owner is not null and substr("owner", 1, ?) = ? and "registered_model"."id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0)) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
-- names of format, for some models
select distinct "model_format_name" as "name" from "artifact" where artifact_type = 'model-artifact' and model_format_name is not null and substr("model_format_name", 1, ?) = ? and "artifact"."model_version_id" in (select "vv"."id" from "model_version" as "vv" where "vv"."registered_model_id" in (select "vm"."id" from "registered_model" as "vm" where ("vm"."id" in (?, ?) or "vm"."owner" = ? or 1 = 0))) order by "name" limit ?
  -- [2,"ac",3,4,"alice",20]
